-- The aggregate moves to another state function (and gains a final function's modify mode
-- and a moving-aggregate mode), then the old state function goes: replaced in place first,
-- the old function dropped after.
CREATE TABLE scores (id integer PRIMARY KEY, points integer NOT NULL);
CREATE FUNCTION add_points(total bigint, points integer) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT total + points $$;
CREATE AGGREGATE total_points(integer) (SFUNC = add_points, STYPE = bigint, INITCOND = '0');
