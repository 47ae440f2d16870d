CREATE TABLE frozen (id integer PRIMARY KEY, note text);
CREATE TABLE audit (id integer, note text);

CREATE VIEW notes AS SELECT id, note FROM frozen;

CREATE RULE frozen_no_insert AS ON INSERT TO frozen DO INSTEAD NOTHING;
COMMENT ON RULE frozen_no_insert ON frozen IS 'no inserts';

CREATE RULE frozen_audit AS ON UPDATE TO frozen
  DO ALSO INSERT INTO audit (id, note) VALUES (new.id, new.note);

CREATE RULE notes_insert AS ON INSERT TO notes
  DO INSTEAD INSERT INTO frozen (id, note) VALUES (new.id, new.note);

CREATE RULE notes_delete AS ON DELETE TO notes DO INSTEAD NOTHING;
COMMENT ON RULE notes_delete ON notes IS 'notes stay';
