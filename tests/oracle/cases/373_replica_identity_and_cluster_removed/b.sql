CREATE TABLE accounts (
  id integer PRIMARY KEY,
  email text NOT NULL,
  region text NOT NULL,
  CONSTRAINT accounts_email_key UNIQUE (email)
);
CREATE UNIQUE INDEX accounts_region_email_idx ON accounts (region, email);
CREATE INDEX accounts_region_idx ON accounts (region);
CREATE TABLE events (id bigint, payload text);
CREATE TABLE scratch (id bigint, payload text);
