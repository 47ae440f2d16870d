CREATE SCHEMA legacy;
CREATE TYPE legacy.flag AS ENUM ('on', 'off');
CREATE SEQUENCE legacy.counter;
CREATE TABLE legacy.data (id integer PRIMARY KEY, flag legacy.flag);
CREATE VIEW legacy.data_view AS SELECT id FROM legacy.data;
CREATE TABLE keep (id integer PRIMARY KEY, legacy_id integer REFERENCES legacy.data);
