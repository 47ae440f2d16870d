CREATE TABLE t (id bigint PRIMARY KEY, code varchar(100), n bigint, amount numeric(12,4), ts timestamptz, ids bigint[]);
CREATE INDEX t_code_idx ON t (code);
