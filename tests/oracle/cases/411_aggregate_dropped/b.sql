-- The aggregate goes, its state function stays.
CREATE TABLE scores (id integer PRIMARY KEY, points integer NOT NULL);
CREATE FUNCTION add_points(total bigint, points integer) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT total + points $$;
