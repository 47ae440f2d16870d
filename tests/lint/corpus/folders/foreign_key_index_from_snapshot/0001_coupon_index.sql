-- expect: none
CREATE INDEX CONCURRENTLY orders_coupon ON orders (coupon_id);
