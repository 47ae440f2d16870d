INSERT INTO accounts VALUES (1, 'a@example.com', 'eu'), (2, 'b@example.com', 'us');
INSERT INTO events VALUES (1, 'x');
