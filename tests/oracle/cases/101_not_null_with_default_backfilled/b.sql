CREATE TABLE accounts (id integer PRIMARY KEY, plan text NOT NULL DEFAULT 'free',
  credits integer NOT NULL DEFAULT 0, seq bigserial);
