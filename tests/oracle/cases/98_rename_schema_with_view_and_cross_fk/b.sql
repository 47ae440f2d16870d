CREATE SCHEMA sales;
CREATE TABLE sales.contacts (id integer PRIMARY KEY, name text);
CREATE VIEW sales.contact_names AS SELECT name FROM sales.contacts;
CREATE TABLE calls (id integer PRIMARY KEY, contact_id integer REFERENCES sales.contacts);
