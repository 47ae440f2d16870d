-- the index only renamed: the identity and the cluster mark follow it
CREATE TABLE accounts (
  id integer NOT NULL,
  email text NOT NULL
);
CREATE UNIQUE INDEX accounts_email_new ON accounts (email);
ALTER TABLE accounts REPLICA IDENTITY USING INDEX accounts_email_new;
ALTER TABLE accounts CLUSTER ON accounts_email_new;
