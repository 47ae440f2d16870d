-- expect: adding-field-with-default
ALTER TABLE orders ADD COLUMN total_with_tax bigint GENERATED ALWAYS AS (total_cents * 120 / 100) STORED;
