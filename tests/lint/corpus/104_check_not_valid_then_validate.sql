-- expect: none
ALTER TABLE orders ADD CONSTRAINT orders_total_nonnegative CHECK (total_cents >= 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_nonnegative;
