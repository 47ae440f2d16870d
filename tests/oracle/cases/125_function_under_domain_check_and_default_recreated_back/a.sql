-- A parameter renamed cannot be replaced in place: the functions are dropped and created
-- again, so the domain's check and default calling them go first and come back after.
CREATE FUNCTION in_range(v integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$ SELECT v BETWEEN 0 AND 1000 $$;
CREATE FUNCTION first_quantity(m integer) RETURNS integer
  LANGUAGE sql IMMUTABLE AS $$ SELECT m $$;
CREATE DOMAIN quantity AS integer DEFAULT first_quantity(1)
  CONSTRAINT quantity_in_range CHECK (in_range(VALUE));
CREATE TABLE stock (id serial PRIMARY KEY, qty quantity NOT NULL);
