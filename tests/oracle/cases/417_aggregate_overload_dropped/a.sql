CREATE FUNCTION longer(a text, b text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN length(b) > coalesce(length(a), -1) THEN b ELSE a END $$;
CREATE FUNCTION longer(a integer[], b integer[]) RETURNS integer[]
  LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN cardinality(b) > coalesce(cardinality(a), -1) THEN b ELSE a END $$;
CREATE AGGREGATE longest(text) (SFUNC = longer, STYPE = text);
CREATE AGGREGATE longest(integer[]) (SFUNC = longer, STYPE = integer[]);
