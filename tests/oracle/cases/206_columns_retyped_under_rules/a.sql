CREATE TABLE events (id integer PRIMARY KEY, kind text NOT NULL);
CREATE TABLE event_log (event_id integer NOT NULL, kind text NOT NULL);

-- The server refuses to retype a column a rule uses: the rules go first and come back.
CREATE RULE events_log AS ON INSERT TO events
  DO ALSO INSERT INTO event_log (event_id, kind) VALUES (new.id, new.kind);
CREATE RULE events_keep AS ON DELETE TO events WHERE old.id < 100 DO INSTEAD NOTHING;
