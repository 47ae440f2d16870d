CREATE TYPE mood AS ENUM ('sad', 'meh', 'ok', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, mood mood NOT NULL DEFAULT 'meh', other mood DEFAULT 'ok');
CREATE INDEX people_mood_idx ON people (mood) WHERE mood <> 'sad';
