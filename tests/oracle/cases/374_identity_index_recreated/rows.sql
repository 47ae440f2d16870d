INSERT INTO accounts VALUES (1, 'a@example.com', 'eu'), (2, 'b@example.com', 'us');
