CREATE SCHEMA bank;
-- DEFERRABLE cannot be altered on a primary key: the plan drops the key and adds it again.
CREATE TABLE bank.accounts (id integer PRIMARY KEY DEFERRABLE INITIALLY DEFERRED, owner text NOT NULL);
CREATE TABLE bank.ledger (account_id integer NOT NULL, seq integer NOT NULL, amount integer NOT NULL,
  CONSTRAINT ledger_pk PRIMARY KEY (account_id, seq) DEFERRABLE);
