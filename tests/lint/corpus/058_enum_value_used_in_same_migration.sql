-- expect: ban-enum-value-use-in-same-transaction
-- drizzle-kit writes the ADD VALUE; the data change was added by hand. One transaction:
-- PostgreSQL 12+ stops at the UPDATE with "unsafe use of new value".
ALTER TYPE "public"."order_status" ADD VALUE 'refunded';--> statement-breakpoint
UPDATE "orders" SET "status" = 'refunded' WHERE "refunded_at" IS NOT NULL;
