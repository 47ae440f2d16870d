-- The state type (and so the result type) changes: no CREATE OR REPLACE, the aggregate is
-- dropped and created again, with the view reading it (whose column type changes too).
CREATE TABLE scores (id integer PRIMARY KEY, points integer NOT NULL);
CREATE AGGREGATE total_points(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');
CREATE VIEW score_total AS SELECT total_points(points) AS total FROM scores;
