CREATE DOMAIN email AS text CHECK (VALUE ~ '^[^@]+@[^@]+$');
CREATE DOMAIN quantity AS integer DEFAULT 1 NOT NULL CONSTRAINT positive CHECK (VALUE > 0);
-- A domain over a domain whose name sorts first: created after its base all the same.
CREATE DOMAIN bounded_quantity AS quantity;
CREATE DOMAIN short_name AS varchar(32) COLLATE "C";
COMMENT ON DOMAIN email IS 'an address with one @';

CREATE TABLE accounts (
  id integer PRIMARY KEY,
  address email NOT NULL,
  quota quantity,
  level bounded_quantity DEFAULT 5,
  nick short_name,
  tags email[]
);
