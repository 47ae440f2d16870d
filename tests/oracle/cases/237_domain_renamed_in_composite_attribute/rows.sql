INSERT INTO payments VALUES (1, '(100,5)', 105);
