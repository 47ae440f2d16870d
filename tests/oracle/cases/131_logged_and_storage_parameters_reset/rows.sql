INSERT INTO events (kind, payload) VALUES ('signup', '{"a": 1}'), ('login', NULL);
INSERT INTO cache VALUES ('k1', 'v1'), ('k2', 'v2');
