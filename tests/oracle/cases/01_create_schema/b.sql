CREATE TABLE accounts (id integer PRIMARY KEY, name text NOT NULL);
CREATE SCHEMA billing;
CREATE TYPE billing.currency AS ENUM ('EUR', 'USD');
CREATE TABLE billing.invoices (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id integer NOT NULL REFERENCES public.accounts (id),
  currency billing.currency NOT NULL DEFAULT 'EUR',
  total numeric(12,2) NOT NULL
);
