-- The same with clients.name renamed full_name; orders.name is another table's column.
CREATE TABLE clients (id integer PRIMARY KEY, full_name text NOT NULL, note text);
CREATE TABLE orders (id integer PRIMARY KEY, client_id integer, name text);
CREATE VIEW client_names AS SELECT full_name AS name FROM clients WHERE full_name <> '';
CREATE VIEW client_orders AS
  SELECT c.full_name AS name, o.id AS order_id, o.name AS order_name
  FROM clients c JOIN orders o ON o.client_id = c.id
  WHERE EXISTS (SELECT 1 FROM clients x WHERE x.id = o.client_id AND x.full_name IS NOT NULL);
CREATE MATERIALIZED VIEW client_initials AS
  SELECT id, left(full_name, 1) AS initial FROM clients;
CREATE RULE clients_no_blank AS ON UPDATE TO clients
  WHERE new.full_name = '' DO INSTEAD NOTHING;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER clients_touch BEFORE UPDATE OF full_name ON clients
  FOR EACH ROW WHEN (new.full_name IS DISTINCT FROM old.full_name) EXECUTE FUNCTION touch();
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_named_client ON orders
  USING (EXISTS (SELECT 1 FROM clients WHERE clients.id = orders.client_id AND full_name <> ''));
