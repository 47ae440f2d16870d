-- An enum renamed and moved: casts to it in a view, a check, a default and a policy follow it,
-- as in the server's catalog, so the plan is the SET SCHEMA and the RENAME alone.
CREATE SCHEMA ref;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, mood mood NOT NULL DEFAULT 'ok'::mood,
  label text CHECK (label::mood <> 'sad'::mood));
CREATE VIEW happy_people AS SELECT id FROM people WHERE mood = 'happy'::mood;
ALTER TABLE people ENABLE ROW LEVEL SECURITY;
CREATE POLICY people_not_sad ON people USING (mood <> 'sad'::mood);
