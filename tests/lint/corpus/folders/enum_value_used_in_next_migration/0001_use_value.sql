-- expect: none
-- sleet migrate committed 0000 before this migration's transaction.
UPDATE "orders" SET "status" = 'refunded' WHERE "refunded_at" IS NOT NULL;
