INSERT INTO orders VALUES (1, 'ada', 50), (2, 'ada', 70), (3, 'bob', 10), (4, 'cyd', 300);
REFRESH MATERIALIZED VIEW customer_totals;
