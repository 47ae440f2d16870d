CREATE TABLE people (
  id integer PRIMARY KEY,
  first_name text,
  last_name text,
  city text,
  zip text
);

CREATE STATISTICS people_names (ndistinct) ON first_name, last_name FROM people;
CREATE STATISTICS people_place ON city, zip FROM people;
ALTER STATISTICS people_place SET STATISTICS 200;
CREATE STATISTICS people_zip_name (mcv) ON zip, last_name FROM people;
COMMENT ON STATISTICS people_zip_name IS 'before';
