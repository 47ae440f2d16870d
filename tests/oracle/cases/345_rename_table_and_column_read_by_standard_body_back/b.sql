CREATE TABLE clients (id integer PRIMARY KEY, name text NOT NULL);
CREATE FUNCTION client_name(client integer) RETURNS text LANGUAGE sql STABLE
  RETURN (SELECT name FROM clients WHERE id = client);
CREATE FUNCTION client_count() RETURNS bigint LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT count(*) FROM clients WHERE name <> '';
END;
