CREATE TYPE item AS (sku text, note text, quantity integer);
CREATE TABLE orders (id integer PRIMARY KEY, line item);
