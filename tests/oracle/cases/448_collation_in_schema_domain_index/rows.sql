INSERT INTO auth.accounts (id, login, code) VALUES (1, 'Ann', 'A-1'), (2, 'bob', 'b-2');
