CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL, mood mood DEFAULT 'ok', moods mood[]);
