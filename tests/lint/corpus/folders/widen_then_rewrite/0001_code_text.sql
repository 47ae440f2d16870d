-- expect: none
-- varchar(100) (after 0000) to text, numeric(10,2) to numeric(14,2): no rewrite.
ALTER TABLE accounts ALTER COLUMN code SET DATA TYPE text;
--> statement-breakpoint
ALTER TABLE accounts ALTER COLUMN amount SET DATA TYPE numeric(14, 2);
