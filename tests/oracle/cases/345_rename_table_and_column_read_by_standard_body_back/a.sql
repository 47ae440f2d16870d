CREATE TABLE customers (id integer PRIMARY KEY, full_name text NOT NULL);
CREATE FUNCTION client_name(client integer) RETURNS text LANGUAGE sql STABLE
  RETURN (SELECT full_name FROM customers WHERE id = client);
CREATE FUNCTION client_count() RETURNS bigint LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT count(*) FROM customers WHERE full_name <> '';
END;
