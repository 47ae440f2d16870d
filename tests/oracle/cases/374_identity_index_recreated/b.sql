-- the same index names over other columns: dropped and created again, and the identity and
-- the cluster mark set again on the new indexes
CREATE TABLE accounts (
  id integer NOT NULL,
  email text NOT NULL,
  region text NOT NULL
);
CREATE UNIQUE INDEX accounts_key ON accounts (id);
CREATE INDEX accounts_region_idx ON accounts (region, email);
ALTER TABLE accounts REPLICA IDENTITY USING INDEX accounts_key;
ALTER TABLE accounts CLUSTER ON accounts_region_idx;
