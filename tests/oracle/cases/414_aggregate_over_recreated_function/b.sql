CREATE TABLE scores (id integer PRIMARY KEY, points integer NOT NULL);
CREATE FUNCTION add_points(running bigint, added integer) RETURNS bigint
  LANGUAGE plpgsql IMMUTABLE STRICT AS $$ BEGIN RETURN running + added; END $$;
CREATE AGGREGATE total_points(integer) (SFUNC = add_points, STYPE = bigint, INITCOND = '0');
CREATE VIEW score_total AS SELECT total_points(points) AS total FROM scores;
