-- A schema renamed: views, defaults, checks and policies elsewhere name its tables, types and
-- functions qualified by it; the server follows, so the plan is the RENAME alone.
CREATE SCHEMA crm;
CREATE TYPE crm.stage AS ENUM ('lead', 'client');
CREATE FUNCTION crm.normalized(value text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(value)';
CREATE TABLE crm.contacts (id integer PRIMARY KEY, name text, stage crm.stage NOT NULL DEFAULT 'lead');
CREATE TABLE calls (id integer PRIMARY KEY, contact_id integer, stage crm.stage DEFAULT 'client'::crm.stage,
  who text CHECK (crm.normalized(who) <> ''));
CREATE VIEW call_contacts AS
  SELECT calls.id, crm.contacts.name, crm.normalized(crm.contacts.name) AS key
  FROM calls JOIN crm.contacts ON crm.contacts.id = calls.contact_id
  WHERE crm.contacts.stage = 'client'::crm.stage;
CREATE VIEW crm.leads AS SELECT id, name FROM crm.contacts WHERE stage = 'lead';
ALTER TABLE calls ENABLE ROW LEVEL SECURITY;
CREATE POLICY calls_of_clients ON calls
  USING (EXISTS (SELECT 1 FROM crm.contacts c WHERE c.id = calls.contact_id AND c.stage = 'client'));
