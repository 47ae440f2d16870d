CREATE SCHEMA sales;
CREATE TYPE sales.stage AS ENUM ('lead', 'client');
CREATE FUNCTION sales.normalized(value text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(value)';
CREATE TABLE sales.contacts (id integer PRIMARY KEY, name text, stage sales.stage NOT NULL DEFAULT 'lead');
CREATE TABLE calls (id integer PRIMARY KEY, contact_id integer, stage sales.stage DEFAULT 'client'::sales.stage,
  who text CHECK (sales.normalized(who) <> ''));
CREATE VIEW call_contacts AS
  SELECT calls.id, sales.contacts.name, sales.normalized(sales.contacts.name) AS key
  FROM calls JOIN sales.contacts ON sales.contacts.id = calls.contact_id
  WHERE sales.contacts.stage = 'client'::sales.stage;
CREATE VIEW sales.leads AS SELECT id, name FROM sales.contacts WHERE stage = 'lead';
ALTER TABLE calls ENABLE ROW LEVEL SECURITY;
CREATE POLICY calls_of_clients ON calls
  USING (EXISTS (SELECT 1 FROM sales.contacts c WHERE c.id = calls.contact_id AND c.stage = 'client'));
