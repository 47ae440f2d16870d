-- expect: adding-required-field
ALTER TABLE users ADD COLUMN age bigint NOT NULL;
