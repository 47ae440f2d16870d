CREATE TABLE clients (id integer PRIMARY KEY, full_name text NOT NULL);
CREATE VIEW client_names AS SELECT id, full_name FROM clients;
