CREATE TYPE contact AS (email text, phone text);
COMMENT ON COLUMN contact.email IS 'any address';
COMMENT ON COLUMN contact.phone IS 'with country code';
CREATE TABLE people (id integer PRIMARY KEY, reach contact);
