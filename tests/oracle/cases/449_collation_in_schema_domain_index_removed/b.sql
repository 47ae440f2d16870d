CREATE SCHEMA auth;
CREATE TABLE auth.accounts (
  id integer PRIMARY KEY,
  login text NOT NULL,
  code text
);
