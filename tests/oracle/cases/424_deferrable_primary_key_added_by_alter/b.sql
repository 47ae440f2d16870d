CREATE SCHEMA bank;
CREATE TABLE bank.transfers (id integer NOT NULL, source integer NOT NULL, target integer NOT NULL);
ALTER TABLE bank.transfers ADD CONSTRAINT transfers_pk PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED;
