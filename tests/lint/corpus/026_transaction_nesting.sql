-- expect: transaction-nesting
BEGIN;
ALTER TABLE users ADD COLUMN nickname text;
COMMIT;
