INSERT INTO shapes VALUES (1, '(1,2)');
