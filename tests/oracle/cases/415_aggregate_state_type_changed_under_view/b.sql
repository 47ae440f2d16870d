CREATE TABLE scores (id integer PRIMARY KEY, points integer NOT NULL);
CREATE AGGREGATE total_points(integer) (SFUNC = int84pl, STYPE = bigint, INITCOND = '0');
CREATE VIEW score_total AS SELECT total_points(points) AS total FROM scores;
