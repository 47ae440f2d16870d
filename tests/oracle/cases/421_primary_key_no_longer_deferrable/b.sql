CREATE SCHEMA bank;
CREATE TABLE bank.accounts (id integer PRIMARY KEY, owner text NOT NULL);
CREATE TABLE bank.ledger (account_id integer NOT NULL, seq integer NOT NULL, amount integer NOT NULL,
  CONSTRAINT ledger_pk PRIMARY KEY (account_id, seq));
