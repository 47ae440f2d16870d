-- expect: adding-field-with-default
ALTER TABLE sessions ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();
