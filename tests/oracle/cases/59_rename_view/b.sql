CREATE TABLE t (id integer PRIMARY KEY, v text);
CREATE VIEW all_values AS SELECT v FROM t;
