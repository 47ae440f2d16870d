CREATE TABLE accounts (
  id integer PRIMARY KEY,
  email text NOT NULL,
  region text,
  CONSTRAINT accounts_email_key UNIQUE (email),
  CONSTRAINT accounts_region_check CHECK (region <> '')
);
CREATE TABLE orders (
  id integer PRIMARY KEY,
  account_id integer REFERENCES accounts (id),
  amount numeric,
  note text,
  CONSTRAINT orders_amount_check CHECK (amount >= 0)
);
CREATE INDEX orders_account_idx ON orders (account_id);
CREATE UNIQUE INDEX orders_account_note_idx ON orders (account_id, note) WHERE note IS NOT NULL;
CREATE TABLE audit (id integer PRIMARY KEY, account_id integer REFERENCES accounts (id), at text NOT NULL);
CREATE INDEX audit_at_idx ON audit (at);
