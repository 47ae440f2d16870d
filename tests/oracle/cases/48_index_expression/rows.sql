INSERT INTO users SELECT g, 'User' || g || '@example.com', 'name' || g FROM generate_series(1, 50) g;
