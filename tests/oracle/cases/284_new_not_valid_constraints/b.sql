CREATE SCHEMA shop;
CREATE TABLE shop.customers (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE shop.orders (id integer PRIMARY KEY, customer_id integer NOT NULL,
  quantity integer NOT NULL);
-- Old rows break both: NOT VALID adds them without checking those rows.
ALTER TABLE shop.orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0) NOT VALID;
ALTER TABLE shop.orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id)
  REFERENCES shop.customers (id) NOT VALID;
-- A new table's NOT VALID check stays NOT VALID (CREATE TABLE alone would validate it).
CREATE TABLE shop.returns (id integer PRIMARY KEY, order_id integer NOT NULL,
  reason text);
ALTER TABLE shop.returns ADD CONSTRAINT returns_reason_given CHECK (reason <> '') NOT VALID;
ALTER TABLE shop.returns ADD CONSTRAINT returns_order_fk FOREIGN KEY (order_id)
  REFERENCES shop.orders (id) NOT VALID;
