-- The state function's parameters are renamed, which CREATE OR REPLACE cannot do: it is
-- dropped and created again, so the aggregate over it goes first and comes back after, and
-- the view reading the aggregate with it.
CREATE TABLE scores (id integer PRIMARY KEY, points integer NOT NULL);
CREATE FUNCTION add_points(total bigint, points integer) RETURNS bigint
  LANGUAGE plpgsql IMMUTABLE STRICT AS $$ BEGIN RETURN total + points; END $$;
CREATE AGGREGATE total_points(integer) (SFUNC = add_points, STYPE = bigint, INITCOND = '0');
CREATE VIEW score_total AS SELECT total_points(points) AS total FROM scores;
