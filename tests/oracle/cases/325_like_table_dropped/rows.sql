INSERT INTO events (kind) VALUES ('view');
INSERT INTO events_2026 (kind) VALUES ('click');
