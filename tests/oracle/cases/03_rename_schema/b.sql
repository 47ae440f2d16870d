CREATE SCHEMA finance;
CREATE TYPE finance.currency AS ENUM ('EUR', 'USD');
CREATE SEQUENCE finance.invoice_numbers START 1000;
CREATE TABLE finance.invoices (
  id serial PRIMARY KEY,
  number integer NOT NULL DEFAULT nextval('finance.invoice_numbers'),
  currency finance.currency NOT NULL
);
