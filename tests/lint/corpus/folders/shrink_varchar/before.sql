CREATE TABLE accounts (id bigint PRIMARY KEY, code varchar(50), amount numeric(10, 2));
