CREATE SCHEMA core;
CREATE TYPE core.level AS ENUM ('low', 'medium', 'high');
CREATE TABLE core.users (id integer PRIMARY KEY);
CREATE TABLE core.alerts (id integer PRIMARY KEY, user_id integer REFERENCES core.users ON DELETE CASCADE, level core.level NOT NULL DEFAULT 'medium');
