INSERT INTO counters VALUES ('visits', 3);
