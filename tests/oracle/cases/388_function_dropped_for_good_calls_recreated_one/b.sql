CREATE FUNCTION base_rate() RETURNS bigint LANGUAGE sql IMMUTABLE RETURN 7;
CREATE TABLE rates (id integer PRIMARY KEY, rate bigint NOT NULL DEFAULT base_rate());
