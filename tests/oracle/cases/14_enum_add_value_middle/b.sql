CREATE TYPE mood AS ENUM ('very sad', 'sad', 'ok', 'happy', 'ecstatic');
CREATE TABLE people (id integer PRIMARY KEY, mood mood);
