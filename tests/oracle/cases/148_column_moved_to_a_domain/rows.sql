INSERT INTO contacts (id, address, age) VALUES (1, 'a@example.com', 30), (2, 'b@example.org', NULL);
