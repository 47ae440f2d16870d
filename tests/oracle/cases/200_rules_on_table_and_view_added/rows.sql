INSERT INTO items (id, name) VALUES (1, 'anvil'), (2, 'bolt');
INSERT INTO frozen (id, note) VALUES (1, 'kept');
