INSERT INTO bank.transfers VALUES (1, 10, 20), (2, 20, 10), (3, 10, 30);
