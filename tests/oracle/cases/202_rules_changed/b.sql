CREATE TABLE frozen (id integer PRIMARY KEY, note text);
CREATE TABLE audit (id integer, note text);

CREATE VIEW notes AS SELECT id, note FROM frozen;

-- A condition added, and the comment changed.
CREATE RULE frozen_no_insert AS ON INSERT TO frozen WHERE new.note IS NULL DO INSTEAD NOTHING;
COMMENT ON RULE frozen_no_insert ON frozen IS 'only notes may be added';

-- ALSO becomes INSTEAD, and the action writes other values.
CREATE RULE frozen_audit AS ON UPDATE TO frozen
  DO INSTEAD INSERT INTO audit (id, note) VALUES (old.id, old.note || ' -> ' || new.note);

-- Two actions instead of one.
CREATE RULE notes_insert AS ON INSERT TO notes DO INSTEAD (
  INSERT INTO frozen (id, note) VALUES (new.id, new.note);
  INSERT INTO audit (id, note) VALUES (new.id, 'added')
);

-- Only the comment changes.
CREATE RULE notes_delete AS ON DELETE TO notes DO INSTEAD NOTHING;
COMMENT ON RULE notes_delete ON notes IS 'notes are never deleted';
