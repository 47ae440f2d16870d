-- expect: adding-field-with-default
ALTER TABLE events ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
