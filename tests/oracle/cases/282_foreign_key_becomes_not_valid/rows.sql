INSERT INTO shop.customers VALUES (1, 'ada'), (2, 'grace');
INSERT INTO shop.orders VALUES (10, 1), (11, 2);
