INSERT INTO shop.customers VALUES (1, 'ada');
INSERT INTO shop.orders VALUES (10, 1, 2);
INSERT INTO shop.returns VALUES (1, 10, 'broken');
