INSERT INTO posts (title, body) VALUES ('first', 'hello'), ('second', NULL);
