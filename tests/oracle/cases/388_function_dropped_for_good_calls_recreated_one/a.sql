-- doubled_rate() is dropped for good; its SQL-standard body calls base_rate(), whose result
-- type changes (drop and create). The server refuses to drop base_rate() while
-- doubled_rate() exists: the caller is dropped first.
CREATE FUNCTION base_rate() RETURNS integer LANGUAGE sql IMMUTABLE RETURN 7;
CREATE FUNCTION doubled_rate() RETURNS integer LANGUAGE sql IMMUTABLE RETURN base_rate() * 2;
CREATE TABLE rates (id integer PRIMARY KEY, rate bigint NOT NULL DEFAULT base_rate());
