INSERT INTO accounts (id, owner) VALUES (1, 'postgres'), (2, 'nobody');
