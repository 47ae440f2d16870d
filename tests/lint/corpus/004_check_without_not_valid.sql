-- expect: constraint-missing-not-valid
ALTER TABLE orders ADD CONSTRAINT orders_total_nonnegative CHECK (total_cents >= 0);
