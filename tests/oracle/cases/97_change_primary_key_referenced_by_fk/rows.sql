INSERT INTO countries SELECT g, 'C' || g FROM generate_series(1, 20) g;
INSERT INTO cities SELECT g, g % 20 + 1 FROM generate_series(1, 40) g;
