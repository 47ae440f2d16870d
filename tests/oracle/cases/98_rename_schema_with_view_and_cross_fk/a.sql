CREATE SCHEMA crm;
CREATE TABLE crm.contacts (id integer PRIMARY KEY, name text);
CREATE VIEW crm.contact_names AS SELECT name FROM crm.contacts;
CREATE TABLE calls (id integer PRIMARY KEY, contact_id integer REFERENCES crm.contacts);
