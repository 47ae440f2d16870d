-- expect: constraint-missing-not-valid
ALTER TABLE products ADD COLUMN discount_cents bigint DEFAULT 0 CHECK (discount_cents >= 0);
