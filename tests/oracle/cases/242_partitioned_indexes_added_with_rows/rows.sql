INSERT INTO events
SELECT g, date '2024-03-01' + g * 3, CASE WHEN g % 4 = 0 THEN 'audit' ELSE 'login' END,
       CASE WHEN g % 2 = 0 THEN 'n' || g END
FROM generate_series(1, 300) g;
