-- expect: changing-column-type, changing-column-type, prefer-text-field
-- A shorter length checks every row; a new scale rewrites it.
ALTER TABLE accounts ALTER COLUMN code TYPE varchar(20);
--> statement-breakpoint
ALTER TABLE accounts ALTER COLUMN amount TYPE numeric(10, 3);
