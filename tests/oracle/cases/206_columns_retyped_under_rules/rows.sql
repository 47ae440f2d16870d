INSERT INTO events (id, kind) VALUES (1, 'signup'), (2, 'login');
