-- Case 388 backwards: base_rate() created again, then doubled_rate() calling it.
CREATE FUNCTION base_rate() RETURNS bigint LANGUAGE sql IMMUTABLE RETURN 7;
CREATE TABLE rates (id integer PRIMARY KEY, rate bigint NOT NULL DEFAULT base_rate());
