CREATE SCHEMA shop;
CREATE TABLE shop.orders (id integer PRIMARY KEY, quantity integer NOT NULL);
-- The server cannot unvalidate a check: the plan drops it and adds it back NOT VALID.
ALTER TABLE shop.orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0) NOT VALID;
