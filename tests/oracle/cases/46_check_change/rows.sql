INSERT INTO products SELECT g, g * 1.5, g FROM generate_series(1, 50) g;
