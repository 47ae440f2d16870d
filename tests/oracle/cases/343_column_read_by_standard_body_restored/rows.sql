INSERT INTO items (id, price, weight) VALUES (1, 10, 3), (2, 20, 5);
