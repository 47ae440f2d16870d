CREATE SCHEMA billing;
CREATE TYPE billing.currency AS ENUM ('EUR', 'USD');
CREATE SEQUENCE billing.invoice_numbers START 1000;
CREATE TABLE billing.invoices (
  id serial PRIMARY KEY,
  number integer NOT NULL DEFAULT nextval('billing.invoice_numbers'),
  currency billing.currency NOT NULL
);
