-- A view calls total(), whose SQL-standard body reads prices.amount; the column is retyped
-- and total()'s result with it. The view goes first, then the function, then the column
-- changes; the function and the view come back in that order.
CREATE TABLE prices (id integer PRIMARY KEY, amount integer NOT NULL);
CREATE FUNCTION total() RETURNS bigint LANGUAGE sql STABLE
  RETURN (SELECT sum(amount) FROM prices);
CREATE VIEW totals AS SELECT total() AS total;
CREATE VIEW doubled_totals AS SELECT total * 2 AS doubled FROM totals;
