INSERT INTO shop.customers VALUES (1, 'ada');
-- Customer 99 does not exist and quantity 0 is not positive.
INSERT INTO shop.orders VALUES (10, 1, 2), (11, 99, 0);
