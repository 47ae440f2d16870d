-- A column renamed under views, a materialized view, a rule, a trigger's WHEN and another
-- table's policy. The server keeps each view's output column name (it prints
-- `SELECT c.full_name AS name`), so B writes the views that way: the plan is the RENAME alone.
CREATE TABLE clients (id integer PRIMARY KEY, name text NOT NULL, note text);
CREATE TABLE orders (id integer PRIMARY KEY, client_id integer, name text);
CREATE VIEW client_names AS SELECT name FROM clients WHERE name <> '';
CREATE VIEW client_orders AS
  SELECT c.name, o.id AS order_id, o.name AS order_name
  FROM clients c JOIN orders o ON o.client_id = c.id
  WHERE EXISTS (SELECT 1 FROM clients x WHERE x.id = o.client_id AND x.name IS NOT NULL);
CREATE MATERIALIZED VIEW client_initials AS
  SELECT id, left(name, 1) AS initial FROM clients;
CREATE RULE clients_no_blank AS ON UPDATE TO clients
  WHERE new.name = '' DO INSTEAD NOTHING;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER clients_touch BEFORE UPDATE OF name ON clients
  FOR EACH ROW WHEN (new.name IS DISTINCT FROM old.name) EXECUTE FUNCTION touch();
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_named_client ON orders
  USING (EXISTS (SELECT 1 FROM clients WHERE clients.id = orders.client_id AND name <> ''));
