CREATE SCHEMA geo;
CREATE TYPE geo.address AS (street text, postcode text COLLATE "C", country text);
COMMENT ON COLUMN geo.address.postcode IS 'postal code';
CREATE TABLE geo.sites (id int PRIMARY KEY, address geo.address);
