-- A column renamed, and the view over it now shows the new name: a real change of the view
-- (the server would keep `name` as its column), so the view is created again.
CREATE TABLE clients (id integer PRIMARY KEY, name text NOT NULL);
CREATE VIEW client_names AS SELECT id, name FROM clients;
