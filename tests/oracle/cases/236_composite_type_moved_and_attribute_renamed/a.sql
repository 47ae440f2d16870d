CREATE SCHEMA geo;
CREATE TYPE pt AS (x int, y int);
CREATE TABLE shapes (id int PRIMARY KEY, corner pt);
