CREATE SEQUENCE invoice_numbers AS bigint MINVALUE 10 MAXVALUE 10000000 START 1000 INCREMENT 2;
CREATE TABLE invoices (number integer PRIMARY KEY DEFAULT nextval('invoice_numbers'));
