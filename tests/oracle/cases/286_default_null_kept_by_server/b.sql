CREATE SCHEMA crm;
CREATE DOMAIN crm.score AS integer DEFAULT 5;
-- The server stores a default where converting NULL to the column's type leaves a cast
-- (a length, a domain, another type) and nothing where it is a plain NULL constant.
CREATE TABLE crm.contacts (
  id integer PRIMARY KEY,
  email varchar(255) DEFAULT NULL,
  balance numeric(10,2) DEFAULT NULL,
  country char(2) DEFAULT NULL,
  seen_at timestamp(0) with time zone DEFAULT NULL,
  flags bit(3) DEFAULT NULL,
  tags varchar(20)[] DEFAULT NULL,
  rating crm.score DEFAULT NULL,
  nickname varchar DEFAULT NULL::text,
  legacy_code varchar(10) DEFAULT NULL::character varying,
  notes text DEFAULT NULL,
  age integer DEFAULT NULL,
  wait interval(3) DEFAULT NULL,
  about text DEFAULT NULL::text,
  payload jsonb DEFAULT NULL
);
ALTER TABLE crm.contacts ADD COLUMN fax varchar(30) DEFAULT NULL;
ALTER TABLE crm.contacts ADD COLUMN phone varchar(30);
ALTER TABLE crm.contacts ALTER COLUMN phone SET DEFAULT NULL;
