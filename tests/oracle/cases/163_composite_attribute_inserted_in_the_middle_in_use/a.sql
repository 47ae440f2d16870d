CREATE TYPE item AS (sku text, quantity integer, price numeric(10, 2));
CREATE TABLE orders (id integer PRIMARY KEY, line item);
