CREATE SCHEMA auth;
-- in a schema of their own: an ICU one, one copied from it, and a libc one
CREATE COLLATION auth.case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION auth.ci_copy FROM auth.case_insensitive;
CREATE COLLATION auth.bytewise (provider = libc, lc_collate = 'C', lc_ctype = 'POSIX');
COMMENT ON COLLATION auth.bytewise IS 'byte order';

-- used by a domain and by an index key
CREATE DOMAIN auth.login_name AS text COLLATE auth.case_insensitive CHECK (VALUE <> '');
CREATE TABLE auth.accounts (
  id integer PRIMARY KEY,
  login auth.login_name NOT NULL,
  code text COLLATE auth.ci_copy
);
CREATE INDEX accounts_code_bytewise ON auth.accounts (code COLLATE auth.bytewise);
