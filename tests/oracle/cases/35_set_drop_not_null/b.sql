CREATE TABLE t (id integer PRIMARY KEY, a integer, b text NOT NULL);
