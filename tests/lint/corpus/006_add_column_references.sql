-- expect: constraint-missing-not-valid, adding-foreign-key-constraint
ALTER TABLE invoices ADD COLUMN customer_id bigint REFERENCES customers (id);
