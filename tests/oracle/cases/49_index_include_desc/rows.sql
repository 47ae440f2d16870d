INSERT INTO orders SELECT g, g % 9, TIMESTAMPTZ '2024-01-01 00:00:00+00' + g * INTERVAL '1 hour', g * 2.5
FROM generate_series(1, 50) g;
