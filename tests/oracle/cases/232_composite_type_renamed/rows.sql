INSERT INTO shapes VALUES (1, '(1,2)', '{"(3,4)"}', '("(1,1)","(2,2)")'), (2, NULL, NULL, NULL);
