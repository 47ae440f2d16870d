-- expect: transaction-nesting
BEGIN;
ALTER TABLE users ADD COLUMN locale text;
COMMIT;
CREATE INDEX CONCURRENTLY users_locale_idx ON users (locale);
