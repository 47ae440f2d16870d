CREATE FUNCTION squeeze(t text) RETURNS character varying LANGUAGE sql IMMUTABLE
  RETURN btrim(t);
CREATE DOMAIN code AS text CONSTRAINT code_trimmed CHECK (squeeze(VALUE) = VALUE);
CREATE TABLE airports (code code PRIMARY KEY, name text NOT NULL);
