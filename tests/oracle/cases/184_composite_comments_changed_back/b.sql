CREATE TYPE contact AS (email text, phone text);
COMMENT ON TYPE contact IS 'how to reach someone';
COMMENT ON COLUMN contact.email IS 'work address';
CREATE TABLE people (id integer PRIMARY KEY, reach contact);
