INSERT INTO bank.accounts VALUES (1, 'ada'), (2, 'grace');
INSERT INTO bank.ledger VALUES (1, 1, 100), (1, 2, -40), (2, 1, 7);
