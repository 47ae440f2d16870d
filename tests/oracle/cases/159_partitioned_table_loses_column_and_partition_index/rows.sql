INSERT INTO readings VALUES (1, '2024-01-01', 20.5, 'F'), (2, '2024-01-02', -5, 'C');
