-- expect: adding-not-nullable-field
ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
