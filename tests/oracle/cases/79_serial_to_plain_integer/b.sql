CREATE TABLE t (id integer PRIMARY KEY, n bigint NOT NULL, label text);
