CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id integer PRIMARY KEY, total numeric(10,2) NOT NULL DEFAULT 0);
CREATE INDEX invoices_total_idx ON billing.invoices (total);
