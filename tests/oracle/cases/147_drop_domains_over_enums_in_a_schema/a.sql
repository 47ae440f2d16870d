CREATE SCHEMA billing;
CREATE TYPE billing.currency AS ENUM ('EUR', 'USD');
CREATE DOMAIN billing.main_currency AS billing.currency DEFAULT 'EUR' NOT NULL;
CREATE DOMAIN billing.amount AS numeric(12, 2) CHECK (VALUE <> 0);
CREATE DOMAIN billing.amounts AS billing.amount[];
CREATE TABLE billing.invoices (
  id integer PRIMARY KEY,
  currency billing.currency,
  settled_in billing.main_currency,
  total billing.amount,
  lines billing.amounts
);
