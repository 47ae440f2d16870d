-- expect: adding-not-nullable-field
-- The check validated in 0001 proves the column: SET NOT NULL skips its scan.
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
--> statement-breakpoint
ALTER TABLE users DROP CONSTRAINT users_email_nn;
--> statement-breakpoint
ALTER TABLE users ALTER COLUMN name SET NOT NULL;
