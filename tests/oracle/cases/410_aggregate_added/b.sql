CREATE TABLE scores (id integer PRIMARY KEY, points integer NOT NULL);
CREATE FUNCTION add_points(total bigint, points integer) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT total + points $$;
CREATE AGGREGATE total_points(integer) (
  SFUNC = add_points,
  STYPE = bigint,
  INITCOND = '0',
  COMBINEFUNC = int8pl,
  PARALLEL = SAFE
);
REVOKE ALL ON FUNCTION total_points(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION total_points(integer) TO app_user;
