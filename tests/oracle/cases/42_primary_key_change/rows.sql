INSERT INTO memberships SELECT g, g / 5, g % 5 FROM generate_series(1, 50) g;
INSERT INTO tags SELECT 'tag' || g, g FROM generate_series(1, 20) g;
