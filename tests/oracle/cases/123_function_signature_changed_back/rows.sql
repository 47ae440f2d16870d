INSERT INTO items (code) VALUES (DEFAULT), ('x');
