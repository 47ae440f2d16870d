INSERT INTO codes SELECT g, 'k' || g FROM generate_series(1, 20) g;
INSERT INTO uses SELECT g, 'k' || (g % 20 + 1) FROM generate_series(1, 40) g;
