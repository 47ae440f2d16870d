CREATE TABLE customers (id integer PRIMARY KEY, name text);
CREATE VIEW client_names AS SELECT name FROM customers;
