CREATE TYPE measure AS (value bigint, unit text COLLATE "C");
CREATE TABLE readings (id integer PRIMARY KEY, reading measure, history measure[]);
CREATE VIEW latest AS SELECT id, (reading).value AS value FROM readings;
