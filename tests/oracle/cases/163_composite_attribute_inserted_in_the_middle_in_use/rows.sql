INSERT INTO orders VALUES (1, ROW('a-1', 2, 9.5)), (2, NULL), (3, ROW(NULL, NULL, NULL));
