CREATE TABLE accounts (id integer PRIMARY KEY, owner text, balance numeric);
CREATE VIEW my_accounts AS SELECT id, balance FROM accounts WHERE owner = current_user;
