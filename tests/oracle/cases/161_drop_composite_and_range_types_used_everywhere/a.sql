CREATE SCHEMA geo;
CREATE TYPE geo.kind AS ENUM ('home', 'work');
CREATE DOMAIN geo.city_name AS text COLLATE "C" CHECK (VALUE <> '');
CREATE TYPE geo.point2 AS (x double precision, y double precision);
CREATE TYPE geo.address AS (street text, city geo.city_name, kind geo.kind, at geo.point2, tags text[]);
COMMENT ON TYPE geo.address IS 'a postal address';
COMMENT ON COLUMN geo.address.street IS 'street and number';
CREATE DOMAIN geo.home_address AS geo.address;
CREATE TYPE geo.floatrange AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = float8mi);
CREATE TYPE textrange AS RANGE (SUBTYPE = text, COLLATION = "C", MULTIRANGE_TYPE_NAME = textranges);
COMMENT ON TYPE textrange IS 'ranges of words';
CREATE TYPE empty_row AS ();
CREATE TABLE people (
  id integer PRIMARY KEY,
  home geo.address,
  previous geo.address[],
  registered geo.home_address,
  heights geo.floatrange,
  spans geo.floatmultirange,
  names textrange,
  name_sets textranges
);
CREATE FUNCTION geo.city_of(a geo.address) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT (a).city $$;
CREATE FUNCTION geo.origin() RETURNS geo.point2 LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(0, 0)::geo.point2 $$;
CREATE FUNCTION widest(r geo.floatrange) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$ SELECT upper(r) - lower(r) $$;
