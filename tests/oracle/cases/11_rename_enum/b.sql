CREATE TYPE feeling AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, mood feeling NOT NULL DEFAULT 'ok');
