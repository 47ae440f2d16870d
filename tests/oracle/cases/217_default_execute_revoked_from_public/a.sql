CREATE FUNCTION add_one(a integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT a + 1 $$;
CREATE TYPE mood AS ENUM ('sad', 'happy');
