CREATE TABLE audit (id bigserial PRIMARY KEY, what text NOT NULL);
CREATE FUNCTION label(a integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'n' || a $$;
CREATE FUNCTION label(a text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 't' || a $$;
COMMENT ON FUNCTION label(integer) IS 'Labels a number';
CREATE PROCEDURE record(w text) LANGUAGE sql AS $$ INSERT INTO audit (what) VALUES (w) $$;
