CREATE TABLE prices (id integer PRIMARY KEY, amount integer NOT NULL);
CREATE FUNCTION total() RETURNS bigint LANGUAGE sql STABLE
  RETURN (SELECT sum(amount) FROM prices);
CREATE VIEW totals AS SELECT total() AS total;
CREATE VIEW doubled_totals AS SELECT total * 2 AS doubled FROM totals;
