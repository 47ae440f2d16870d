-- A materialized view renamed: its indexes go with it, nothing is dropped.
CREATE TABLE orders (id integer PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL);
CREATE MATERIALIZED VIEW spend_per_customer AS
  SELECT customer, sum(amount) AS total FROM orders GROUP BY customer;
CREATE UNIQUE INDEX customer_totals_customer ON spend_per_customer (customer);
