INSERT INTO tasks SELECT g, g % 2 = 0, DATE '2024-01-01' + g, 'owner' || (g % 7)
FROM generate_series(1, 50) g;
