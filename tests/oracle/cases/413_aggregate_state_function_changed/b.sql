CREATE TABLE scores (id integer PRIMARY KEY, points integer NOT NULL);
CREATE FUNCTION add_double(total bigint, points integer) RETURNS bigint
  LANGUAGE plpgsql IMMUTABLE STRICT AS $$ BEGIN RETURN total + 2 * points; END $$;
CREATE FUNCTION remove_double(total bigint, points integer) RETURNS bigint
  LANGUAGE plpgsql IMMUTABLE STRICT AS $$ BEGIN RETURN total - 2 * points; END $$;
CREATE AGGREGATE total_points(integer) (
  SFUNC = add_double, STYPE = bigint, INITCOND = '0',
  MSFUNC = add_double, MINVFUNC = remove_double, MSTYPE = bigint, MINITCOND = '0'
);
