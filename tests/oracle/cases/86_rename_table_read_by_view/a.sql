CREATE TABLE clients (id integer PRIMARY KEY, name text);
CREATE VIEW client_names AS SELECT name FROM clients;
