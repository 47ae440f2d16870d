CREATE SCHEMA geo;
CREATE TYPE geo.address AS (street text, zip text COLLATE "C");
COMMENT ON COLUMN geo.address.zip IS 'postal code';
CREATE TABLE geo.sites (id int PRIMARY KEY, address geo.address);
