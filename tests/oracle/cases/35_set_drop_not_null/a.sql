CREATE TABLE t (id integer PRIMARY KEY, a integer NOT NULL, b text);
