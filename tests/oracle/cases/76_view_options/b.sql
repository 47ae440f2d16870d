CREATE TABLE accounts (id integer PRIMARY KEY, owner text, balance numeric);
CREATE VIEW my_accounts WITH (security_barrier = true) AS SELECT id, balance FROM accounts WHERE owner = current_user WITH LOCAL CHECK OPTION;
