INSERT INTO clients VALUES (1, 'ada', NULL), (2, 'bob', 'x');
INSERT INTO orders VALUES (10, 1, 'first'), (11, 2, 'second');
