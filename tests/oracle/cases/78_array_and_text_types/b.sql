CREATE TABLE t (id integer PRIMARY KEY, tags text[], grid bigint[][], code varchar(3), note text);
