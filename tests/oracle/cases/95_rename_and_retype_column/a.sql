CREATE TABLE t (id integer PRIMARY KEY, amount text DEFAULT '0');
