-- expect: identifier-too-long
CREATE INDEX CONCURRENTLY orders_customer_id_created_at_status_shipping_country_region_idx ON orders (customer_id, created_at, status, shipping_country, region);
