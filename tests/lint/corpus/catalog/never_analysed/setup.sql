-- Ten rows and no ANALYZE: reltuples is -1, the size is unknown.
CREATE TABLE tags (id bigint PRIMARY KEY, label text);
INSERT INTO tags SELECT g, 't' || g FROM generate_series(1, 10) g;
