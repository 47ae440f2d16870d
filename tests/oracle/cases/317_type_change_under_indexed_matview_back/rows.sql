INSERT INTO readings VALUES (1, 'attic', 31.5), (2, 'attic', 33), (3, 'cellar', 12);
REFRESH MATERIALIZED VIEW sensor_stats;
