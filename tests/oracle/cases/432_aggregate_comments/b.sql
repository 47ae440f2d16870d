CREATE TABLE readings (id integer PRIMARY KEY, value integer NOT NULL);
CREATE FUNCTION keep_max(state integer, value integer) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT greatest(state, value) $$;
CREATE AGGREGATE peak(integer) (SFUNC = keep_max, STYPE = integer);
CREATE FUNCTION count_one(state bigint) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT state + 1 $$;
CREATE AGGREGATE tally(*) (SFUNC = count_one, STYPE = bigint, INITCOND = '0');
COMMENT ON AGGREGATE peak(integer) IS 'The largest reading';
COMMENT ON AGGREGATE tally(*) IS 'Rows counted by hand';
COMMENT ON FUNCTION keep_max(integer, integer) IS 'State function of peak';
