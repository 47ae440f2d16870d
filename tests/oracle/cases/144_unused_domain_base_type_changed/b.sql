CREATE DOMAIN counter AS bigint CHECK (VALUE >= 0);
CREATE DOMAIN label AS text;
CREATE TABLE items (id integer PRIMARY KEY, name label);
