INSERT INTO people VALUES (1, 'happy', 'ok'), (2, 'ok', NULL);
