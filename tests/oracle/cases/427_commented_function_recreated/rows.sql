INSERT INTO counters (id, n) VALUES (1, 5), (2, 0);
