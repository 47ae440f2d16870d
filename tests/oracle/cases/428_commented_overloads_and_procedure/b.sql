CREATE TABLE audit (id bigserial PRIMARY KEY, what text NOT NULL);
CREATE FUNCTION label(a integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'n' || a $$;
CREATE FUNCTION label(a text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 't' || a $$;
COMMENT ON FUNCTION label(text) IS 'Labels a text';
COMMENT ON FUNCTION label(integer) IS NULL;
CREATE PROCEDURE record(w text) LANGUAGE sql AS $$ INSERT INTO audit (what) VALUES (w) $$;
COMMENT ON PROCEDURE record(text) IS 'Records what happened';
