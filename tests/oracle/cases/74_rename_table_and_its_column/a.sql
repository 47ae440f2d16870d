CREATE TABLE clients (id integer PRIMARY KEY, name text NOT NULL, city text);
CREATE INDEX clients_name_idx ON clients (name);
CREATE TABLE invoices (id integer PRIMARY KEY, client_id integer REFERENCES clients (id));
