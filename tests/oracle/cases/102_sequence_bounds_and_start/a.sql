CREATE SEQUENCE invoice_numbers AS integer MINVALUE 1 MAXVALUE 100000 START 1;
CREATE TABLE invoices (number integer PRIMARY KEY DEFAULT nextval('invoice_numbers'));
