CREATE SCHEMA bank;
CREATE TABLE bank.transfers (id integer NOT NULL, source integer NOT NULL, target integer NOT NULL);
