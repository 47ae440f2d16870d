INSERT INTO orders VALUES (1, ROW('a-1', 'gift', 2), ARRAY[ROW('b-2', 'x', 1)::item]), (2, NULL, NULL), (3, ROW(NULL, NULL, NULL), '{}');
