INSERT INTO prices (id, amount) VALUES (1, 10), (2, 32);
