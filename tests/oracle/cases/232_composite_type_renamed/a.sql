CREATE TYPE pt AS (x int, y int);
CREATE TYPE segment AS (a pt, b pt);
CREATE TABLE shapes (id int PRIMARY KEY, corner pt, path pt[], seg segment);
CREATE FUNCTION flip(p pt) RETURNS pt LANGUAGE sql IMMUTABLE AS 'SELECT ROW(p.y, p.x)::pt';
