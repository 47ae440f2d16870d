-- Only INITCOND changes: CREATE OR REPLACE AGGREGATE (the arguments and result stay), the view
-- over the aggregate kept.
CREATE TABLE scores (id integer PRIMARY KEY, points integer NOT NULL);
CREATE FUNCTION add_points(total bigint, points integer) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT total + points $$;
CREATE AGGREGATE total_points(integer) (SFUNC = add_points, STYPE = bigint, INITCOND = '0');
CREATE VIEW score_total AS SELECT total_points(points) AS total FROM scores;
