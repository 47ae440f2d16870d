CREATE SCHEMA shop;
CREATE TABLE shop.orders (id integer PRIMARY KEY, quantity integer NOT NULL,
  CONSTRAINT orders_quantity_positive CHECK (quantity > 0));
