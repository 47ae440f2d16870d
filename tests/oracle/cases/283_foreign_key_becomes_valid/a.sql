CREATE SCHEMA shop;
CREATE TABLE shop.customers (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE shop.orders (id integer PRIMARY KEY, customer_id integer NOT NULL);
ALTER TABLE shop.orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id)
  REFERENCES shop.customers (id) ON DELETE CASCADE NOT VALID;
