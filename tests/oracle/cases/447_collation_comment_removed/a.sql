CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
COMMENT ON COLLATION case_insensitive IS 'compares emails whatever their case';
CREATE TABLE users (id integer PRIMARY KEY, email text COLLATE case_insensitive UNIQUE);
