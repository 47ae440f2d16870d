CREATE TABLE t (id integer PRIMARY KEY, code varchar(20), n integer, amount numeric(8,2), ts timestamp, ids integer[]);
CREATE INDEX t_code_idx ON t (code);
