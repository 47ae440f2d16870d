INSERT INTO a SELECT g, 'c' || g FROM generate_series(1, 20) g;
INSERT INTO b SELECT g, g % 20 + 1, 'c' || (g % 20 + 1) FROM generate_series(1, 60) g;
