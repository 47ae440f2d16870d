CREATE SCHEMA geo;
CREATE TYPE geo.point AS (x int, y2 int);
CREATE TABLE shapes (id int PRIMARY KEY, corner geo.point);
