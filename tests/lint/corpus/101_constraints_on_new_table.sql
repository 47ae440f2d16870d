-- expect: foreign-key-without-index
CREATE TABLE invoices (
  id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  customer_id bigint,
  number text,
  amount_cents bigint
);
ALTER TABLE invoices ADD CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
ALTER TABLE invoices ADD CONSTRAINT invoices_amount_positive CHECK (amount_cents > 0);
ALTER TABLE invoices ADD CONSTRAINT invoices_number_key UNIQUE (number);
ALTER TABLE invoices ALTER COLUMN number SET NOT NULL;
ALTER TABLE invoices ALTER COLUMN amount_cents TYPE numeric(14, 0);
