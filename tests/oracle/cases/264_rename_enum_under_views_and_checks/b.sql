CREATE SCHEMA ref;
CREATE TYPE ref.feeling AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, mood ref.feeling NOT NULL DEFAULT 'ok'::ref.feeling,
  label text CHECK (label::ref.feeling <> 'sad'::ref.feeling));
CREATE VIEW happy_people AS SELECT id FROM people WHERE mood = 'happy'::ref.feeling;
ALTER TABLE people ENABLE ROW LEVEL SECURITY;
CREATE POLICY people_not_sad ON people USING (mood <> 'sad'::ref.feeling);
