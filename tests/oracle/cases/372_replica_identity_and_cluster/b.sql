CREATE TABLE accounts (
  id integer PRIMARY KEY,
  email text NOT NULL,
  region text NOT NULL,
  CONSTRAINT accounts_email_key UNIQUE (email)
);
CREATE UNIQUE INDEX accounts_region_email_idx ON accounts (region, email);
CREATE INDEX accounts_region_idx ON accounts (region);
ALTER TABLE accounts REPLICA IDENTITY USING INDEX accounts_region_email_idx;
ALTER TABLE accounts CLUSTER ON accounts_region_idx;
CREATE TABLE events (id bigint, payload text);
ALTER TABLE events REPLICA IDENTITY FULL;
CREATE TABLE scratch (id bigint, payload text);
ALTER TABLE scratch REPLICA IDENTITY NOTHING;
CREATE TABLE keyed (
  id integer PRIMARY KEY,
  code text NOT NULL UNIQUE
);
ALTER TABLE keyed REPLICA IDENTITY USING INDEX keyed_code_key;
ALTER TABLE keyed CLUSTER ON keyed_pkey;
