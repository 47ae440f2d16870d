CREATE SCHEMA shop;
CREATE TABLE shop.orders (id integer PRIMARY KEY, quantity integer NOT NULL);
-- Validated in place: ALTER TABLE ... VALIDATE CONSTRAINT.
ALTER TABLE shop.orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0) NOT VALID;
