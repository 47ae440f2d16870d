INSERT INTO orders VALUES (1, 3, '{1,2}', 5), (2, 5, NULL, NULL);
