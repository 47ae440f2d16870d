-- An overload pair: longest(text) gains longest(integer[]) under the same name.
CREATE FUNCTION longer(a text, b text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN length(b) > coalesce(length(a), -1) THEN b ELSE a END $$;
CREATE AGGREGATE longest(text) (SFUNC = longer, STYPE = text);
