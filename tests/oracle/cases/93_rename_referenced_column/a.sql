CREATE TABLE accounts (id integer PRIMARY KEY, code text NOT NULL UNIQUE);
CREATE TABLE transfers (id integer PRIMARY KEY, account_code text REFERENCES accounts (code));
