INSERT INTO shop.orders VALUES (1, 3), (2, 7);
