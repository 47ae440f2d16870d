CREATE SCHEMA core;
CREATE TYPE core.level AS ENUM ('low', 'high');
CREATE TABLE core.users (id integer PRIMARY KEY);
CREATE TABLE alerts (id integer PRIMARY KEY, user_id integer REFERENCES core.users, level core.level NOT NULL DEFAULT 'low');
