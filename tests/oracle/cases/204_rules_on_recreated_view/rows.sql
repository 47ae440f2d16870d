INSERT INTO items (id, name, price) VALUES (1, 'anvil', 10), (2, 'bolt', 0.5);
INSERT INTO orders (id, item_id) VALUES (1, 1);
