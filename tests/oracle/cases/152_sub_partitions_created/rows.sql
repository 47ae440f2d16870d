INSERT INTO measurements VALUES (1, '2024-03-01', 1.5), (4, '2024-07-01', 2.5);
