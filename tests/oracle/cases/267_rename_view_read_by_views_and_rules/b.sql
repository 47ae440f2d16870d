CREATE TABLE accounts (id integer PRIMARY KEY, balance numeric NOT NULL);
CREATE TABLE audit (account_id integer, balance numeric);
CREATE VIEW solvent_accounts AS SELECT id, balance FROM accounts WHERE balance > 0;
CREATE VIEW rich_accounts AS SELECT p.id FROM solvent_accounts p WHERE p.balance > 1000;
CREATE RULE audit_positive AS ON INSERT TO audit
  WHERE new.account_id NOT IN (SELECT id FROM solvent_accounts) DO INSTEAD NOTHING;
