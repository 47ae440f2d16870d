CREATE TABLE orders (id integer PRIMARY KEY, customer integer, placed_at timestamptz, total numeric);
CREATE INDEX orders_customer_idx ON orders (customer);
CREATE INDEX orders_placed_idx ON orders (placed_at);
