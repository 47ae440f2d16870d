CREATE SCHEMA crm;
CREATE DOMAIN crm.score AS integer DEFAULT 5;
CREATE TABLE crm.contacts (id integer PRIMARY KEY);
