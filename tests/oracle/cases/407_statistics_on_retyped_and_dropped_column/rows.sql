INSERT INTO readings (id, sensor, site, legacy_code, value) VALUES (1, 7, 1, 'x', 1.5), (2, 8, 1, NULL, 2);
