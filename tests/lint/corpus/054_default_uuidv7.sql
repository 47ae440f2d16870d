-- expect: adding-field-with-default
ALTER TABLE users ADD COLUMN external_id uuid DEFAULT uuidv7();
