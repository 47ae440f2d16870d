INSERT INTO accounts SELECT g, 'a' || g || '@example.com', CASE WHEN g % 3 = 0 THEN NULL ELSE 'r' || g % 3 END
FROM generate_series(1, 100) g;
INSERT INTO orders SELECT g, g % 100 + 1, g * 3, CASE WHEN g % 2 = 0 THEN 'n' || g END
FROM generate_series(1, 300) g;
