CREATE TABLE accounts (
  id integer NOT NULL,
  email text NOT NULL
);
CREATE UNIQUE INDEX accounts_email_old ON accounts (email);
ALTER TABLE accounts REPLICA IDENTITY USING INDEX accounts_email_old;
ALTER TABLE accounts CLUSTER ON accounts_email_old;
