-- expect: none
-- orders was created by 0000, not applied yet: it is empty when these run.
CREATE INDEX orders_user ON orders (user_id);
--> statement-breakpoint
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
--> statement-breakpoint
ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
