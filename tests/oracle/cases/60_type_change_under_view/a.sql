CREATE TABLE measurements (id integer PRIMARY KEY, value integer NOT NULL, unit varchar(5));
CREATE VIEW big_values AS SELECT id, value, unit FROM measurements WHERE value > 100;
