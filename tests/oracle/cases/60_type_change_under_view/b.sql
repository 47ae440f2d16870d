CREATE TABLE measurements (id integer PRIMARY KEY, value bigint NOT NULL, unit varchar(20));
CREATE VIEW big_values AS SELECT id, value, unit FROM measurements WHERE value > 100;
