INSERT INTO events (kind) VALUES ('view'), ('click');
