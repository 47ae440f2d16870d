CREATE TYPE point2 AS (x int, y int);
CREATE TYPE segment AS (a point2, b point2);
CREATE TABLE shapes (id int PRIMARY KEY, corner point2, path point2[], seg segment);
CREATE FUNCTION flip(p point2) RETURNS point2 LANGUAGE sql IMMUTABLE
  AS 'SELECT ROW(p.y, p.x)::point2';
