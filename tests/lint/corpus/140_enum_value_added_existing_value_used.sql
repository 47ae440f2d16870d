-- expect: none
-- The new label is not used before the migration commits; 'paid' is an old one.
ALTER TYPE "public"."order_status" ADD VALUE 'refunded';--> statement-breakpoint
UPDATE "orders" SET "status" = 'paid' WHERE "paid_at" IS NOT NULL;
