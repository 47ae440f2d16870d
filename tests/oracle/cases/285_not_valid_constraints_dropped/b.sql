CREATE SCHEMA shop;
CREATE TABLE shop.customers (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE shop.orders (id integer PRIMARY KEY, customer_id integer NOT NULL,
  quantity integer NOT NULL);
