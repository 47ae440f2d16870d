INSERT INTO notes VALUES (1, 'a title', 'a body', 7), (2, NULL, NULL, NULL);
