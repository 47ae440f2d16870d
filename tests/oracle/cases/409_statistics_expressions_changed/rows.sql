INSERT INTO events (id, kind, happened_at) VALUES (1, 'Click', '2024-05-01 10:00');
