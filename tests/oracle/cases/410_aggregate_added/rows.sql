INSERT INTO scores VALUES (1, 10), (2, 32);
