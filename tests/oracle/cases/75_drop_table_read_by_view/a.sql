CREATE TABLE logs (id integer PRIMARY KEY, msg text);
CREATE VIEW recent_logs AS SELECT id, msg FROM logs ORDER BY id DESC LIMIT 10;
CREATE TABLE keep (id integer PRIMARY KEY);
