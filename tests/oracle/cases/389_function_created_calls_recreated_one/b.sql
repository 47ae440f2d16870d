CREATE FUNCTION base_rate() RETURNS integer LANGUAGE sql IMMUTABLE RETURN 7;
CREATE FUNCTION doubled_rate() RETURNS integer LANGUAGE sql IMMUTABLE RETURN base_rate() * 2;
CREATE TABLE rates (id integer PRIMARY KEY, rate bigint NOT NULL DEFAULT base_rate());
