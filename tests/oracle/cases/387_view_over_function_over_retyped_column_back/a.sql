-- Case 386 backwards: the column narrowed again (its rows hold whole numbers).
CREATE TABLE prices (id integer PRIMARY KEY, amount numeric(12, 2) NOT NULL);
CREATE FUNCTION total() RETURNS numeric LANGUAGE sql STABLE
  RETURN (SELECT sum(amount) FROM prices);
CREATE VIEW totals AS SELECT total() AS total;
CREATE VIEW doubled_totals AS SELECT total * 2 AS doubled FROM totals;
