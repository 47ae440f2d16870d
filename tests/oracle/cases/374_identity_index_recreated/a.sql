CREATE TABLE accounts (
  id integer NOT NULL,
  email text NOT NULL,
  region text NOT NULL
);
CREATE UNIQUE INDEX accounts_key ON accounts (email);
CREATE INDEX accounts_region_idx ON accounts (region);
ALTER TABLE accounts REPLICA IDENTITY USING INDEX accounts_key;
ALTER TABLE accounts CLUSTER ON accounts_region_idx;
