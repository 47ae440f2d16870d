CREATE SCHEMA extra;
CREATE TYPE extra.mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, mood extra.mood NOT NULL DEFAULT 'ok');
