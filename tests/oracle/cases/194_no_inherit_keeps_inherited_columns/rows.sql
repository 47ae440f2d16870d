INSERT INTO documents VALUES (1, 'memo');
INSERT INTO invoices VALUES (2, 'march', 120.50), (3, DEFAULT, 8);
