CREATE TABLE t (id integer PRIMARY KEY, v text);
CREATE VIEW t_values AS SELECT v FROM t;
