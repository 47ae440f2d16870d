CREATE SCHEMA stats;

CREATE TABLE orders (
  id integer PRIMARY KEY,
  city text NOT NULL,
  zip text NOT NULL,
  country text NOT NULL,
  placed_at timestamp with time zone NOT NULL,
  total numeric(10, 2)
);

-- all kinds (none named), written out of column order
CREATE STATISTICS orders_place ON zip, city FROM orders;
-- one kind, named in a schema other than the table's, with a target and a comment
CREATE STATISTICS stats.orders_country_zip (dependencies) ON country, zip FROM orders;
ALTER STATISTICS stats.orders_country_zip SET STATISTICS 500;
COMMENT ON STATISTICS stats.orders_country_zip IS 'zip codes imply the country';
-- a column and an expression, and an expression alone
CREATE STATISTICS orders_day_city (ndistinct, mcv) ON city, (upper(country)) FROM orders;
CREATE STATISTICS orders_lower_city ON (lower(city)) FROM orders;
