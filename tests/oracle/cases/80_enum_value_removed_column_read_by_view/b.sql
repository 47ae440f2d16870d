CREATE TYPE state AS ENUM ('new', 'old');
CREATE TABLE things (id integer PRIMARY KEY, state state NOT NULL DEFAULT 'new');
CREATE VIEW live_things AS SELECT id, state FROM things WHERE state <> 'new';
