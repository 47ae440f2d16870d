-- The materialized view's query changes: it is dropped and created again, its indexes after
-- it (one of them changed), and the view over it too.
CREATE TABLE orders (id integer PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL);
CREATE MATERIALIZED VIEW customer_totals AS
  SELECT customer, sum(amount) AS total, max(amount) AS largest FROM orders GROUP BY customer;
CREATE UNIQUE INDEX customer_totals_customer ON customer_totals (customer);
CREATE INDEX customer_totals_total ON customer_totals (total, largest);
COMMENT ON INDEX customer_totals_customer IS 'for REFRESH CONCURRENTLY';
CREATE VIEW big_customers AS SELECT customer, total FROM customer_totals WHERE total > 100;
