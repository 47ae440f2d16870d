CREATE TABLE people (
  id integer PRIMARY KEY,
  first_name text,
  last_name text,
  city text,
  zip text
);

-- kinds changed: dropped and created
CREATE STATISTICS people_names (ndistinct, dependencies, mcv) ON first_name, last_name FROM people;
-- only the target changed: altered
CREATE STATISTICS people_place ON city, zip FROM people;
ALTER STATISTICS people_place SET STATISTICS 1000;
-- columns changed, comment changed
CREATE STATISTICS people_zip_name (mcv) ON zip, city, last_name FROM people;
COMMENT ON STATISTICS people_zip_name IS 'after';
