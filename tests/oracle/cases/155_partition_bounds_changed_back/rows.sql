INSERT INTO orders VALUES (5, 'eu', 10), (20, 'us', 20), (150, 'eu', 30), (199, 'us', 40);
INSERT INTO tickets VALUES (1, 'help'), (2, 'bug'), (3, 'lead');
