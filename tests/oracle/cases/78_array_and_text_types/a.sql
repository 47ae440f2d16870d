CREATE TABLE t (id integer PRIMARY KEY, tags varchar(20)[], grid integer[][], code char(3), note varchar(200));
