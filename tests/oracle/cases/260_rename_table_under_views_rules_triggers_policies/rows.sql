INSERT INTO clients (id, name, active) VALUES (1, 'ada', true), (2, 'bob', false);
INSERT INTO client_log VALUES (1, 'first');
