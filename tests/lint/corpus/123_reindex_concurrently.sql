-- expect: none
REINDEX (CONCURRENTLY) INDEX orders_created_at_idx;
