CREATE TABLE t (id integer PRIMARY KEY, code integer);
CREATE SEQUENCE t_code_numbers OWNED BY t.code;
ALTER TABLE t ALTER COLUMN code SET DEFAULT nextval('t_code_numbers');
