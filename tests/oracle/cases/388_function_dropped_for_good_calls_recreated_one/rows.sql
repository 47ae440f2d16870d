INSERT INTO rates (id) VALUES (1);
INSERT INTO rates (id, rate) VALUES (2, 9);
