-- expect: changing-column-type
-- integer to bigint changes the storage: every row is rewritten.
ALTER TABLE accounts ALTER COLUMN visits SET DATA TYPE bigint;
