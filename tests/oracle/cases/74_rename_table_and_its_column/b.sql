CREATE TABLE customers (id integer PRIMARY KEY, display_name text NOT NULL, country text);
CREATE INDEX clients_name_idx ON customers (display_name);
CREATE TABLE invoices (id integer PRIMARY KEY, client_id integer REFERENCES customers (id));
