-- expect: adding-field-with-default
ALTER TABLE experiments ADD COLUMN bucket bigint DEFAULT (floor(random() * 100))::bigint;
