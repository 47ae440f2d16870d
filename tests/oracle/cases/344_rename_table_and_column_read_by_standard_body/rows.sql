INSERT INTO clients VALUES (1, 'Ada'), (2, 'Grace');
