INSERT INTO entries (owner) VALUES ('ann'), ('bob');
INSERT INTO entries (points, owner) VALUES (70, 'cy');
