-- A domain's check calls squeeze(), whose result type changes (drop and create): the check
-- is dropped before it and added again after, the column of the domain and its rows kept.
CREATE FUNCTION squeeze(t text) RETURNS text LANGUAGE sql IMMUTABLE RETURN btrim(t);
CREATE DOMAIN code AS text CONSTRAINT code_trimmed CHECK (squeeze(VALUE) = VALUE);
CREATE TABLE airports (code code PRIMARY KEY, name text NOT NULL);
