CREATE TABLE accounts (
  id integer GENERATED ALWAYS AS IDENTITY,
  name text NOT NULL,
  name_length integer GENERATED ALWAYS AS (length(name)) STORED,
  PRIMARY KEY (id)
) PARTITION BY HASH (id);
CREATE TABLE accounts_0 PARTITION OF accounts FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE accounts_1 PARTITION OF accounts FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE INDEX accounts_name ON accounts (name);
CREATE INDEX accounts_1_name_length ON accounts_1 (name_length);
