-- accents ignored too: a new definition under the same name
CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level1', deterministic = false);
COMMENT ON COLLATION case_insensitive IS 'emails';

CREATE TABLE users (
  id integer PRIMARY KEY,
  email text COLLATE case_insensitive NOT NULL UNIQUE,
  name text COLLATE case_insensitive
);
CREATE VIEW user_emails AS SELECT id, email FROM users;
