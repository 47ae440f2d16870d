INSERT INTO items (id, price, note, weight) VALUES (1, 10, 'small', 3), (2, 20, NULL, 5);
