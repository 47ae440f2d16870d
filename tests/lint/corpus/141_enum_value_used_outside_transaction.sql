-- expect: none
-- sleet:transaction=off
-- sleet migrate runs this file statement by statement, each committed before the next.
ALTER TYPE order_status ADD VALUE 'refunded';
UPDATE orders SET status = 'refunded' WHERE refunded_at IS NOT NULL;
