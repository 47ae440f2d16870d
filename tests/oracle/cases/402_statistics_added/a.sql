CREATE SCHEMA stats;

CREATE TABLE orders (
  id integer PRIMARY KEY,
  city text NOT NULL,
  zip text NOT NULL,
  country text NOT NULL,
  placed_at timestamp with time zone NOT NULL,
  total numeric(10, 2)
);
