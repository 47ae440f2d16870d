INSERT INTO readings VALUES (1, 3), (2, 9);
