INSERT INTO people (id, address, result) VALUES (1, 'a@example.com', 12.5), (2, 'b@example.org', 99);
