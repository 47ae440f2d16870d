CREATE TYPE pt AS (x int, yy int);
CREATE TABLE shapes (id int PRIMARY KEY, corner pt, path pt[]);
