CREATE TYPE measure AS (value integer, unit text);
CREATE TABLE readings (id integer PRIMARY KEY, reading measure, history measure[]);
CREATE VIEW latest AS SELECT id, (reading).value AS value FROM readings;
