INSERT INTO t SELECT g, 'a' || g, 'b' || g, CASE WHEN g = 1 THEN NULL ELSE 'c' || g END
FROM generate_series(1, 50) g;
