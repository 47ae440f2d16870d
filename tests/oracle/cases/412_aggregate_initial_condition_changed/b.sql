-- A bonus of 100 to start with.
CREATE TABLE scores (id integer PRIMARY KEY, points integer NOT NULL);
CREATE FUNCTION add_points(total bigint, points integer) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT total + points $$;
CREATE AGGREGATE total_points(integer) (SFUNC = add_points, STYPE = bigint, INITCOND = '100');
CREATE VIEW score_total AS SELECT total_points(points) AS total FROM scores;
