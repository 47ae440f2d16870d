INSERT INTO users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 50) g;
