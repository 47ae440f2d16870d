INSERT INTO posts (title) VALUES ('kept');
