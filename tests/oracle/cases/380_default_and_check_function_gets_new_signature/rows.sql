INSERT INTO counters (id) VALUES (1), (2);
INSERT INTO counters (id, hits) VALUES (3, 41);
