-- A materialized view gains its indexes: a unique one (REFRESH ... CONCURRENTLY needs it), an
-- expression index with a predicate, a commented one; a view reads the materialized view.
CREATE TABLE orders (id integer PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL);
CREATE MATERIALIZED VIEW customer_totals AS
  SELECT customer, sum(amount) AS total, count(*) AS orders FROM orders GROUP BY customer;
CREATE UNIQUE INDEX customer_totals_customer ON customer_totals (customer);
CREATE INDEX ON customer_totals (lower(customer)) WHERE total > 0;
CREATE INDEX customer_totals_total ON customer_totals USING btree (total DESC) INCLUDE (orders);
COMMENT ON INDEX customer_totals_total IS 'the biggest first';
CREATE VIEW big_customers AS SELECT customer, total FROM customer_totals WHERE total > 100;
