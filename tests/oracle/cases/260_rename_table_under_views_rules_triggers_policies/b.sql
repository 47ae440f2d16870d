CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, active boolean NOT NULL DEFAULT true);
CREATE TABLE client_log (client_id integer, note text);
CREATE VIEW active_clients AS
  SELECT c.id, c.name FROM customers c WHERE c.active;
CREATE VIEW client_counts AS
  SELECT count(*) AS total, (SELECT count(*) FROM customers WHERE customers.active) AS active
  FROM customers;
CREATE VIEW client_names AS SELECT name FROM customers WHERE name <> '';
CREATE MATERIALIZED VIEW client_summary AS
  SELECT active, count(*) AS n FROM customers GROUP BY active;
CREATE RULE client_log_guard AS ON INSERT TO client_log
  WHERE NOT EXISTS (SELECT 1 FROM customers WHERE customers.id = new.client_id)
  DO INSTEAD NOTHING;
CREATE FUNCTION touch_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER client_log_touch BEFORE UPDATE ON client_log
  FOR EACH ROW WHEN (new.note IS DISTINCT FROM old.note) EXECUTE FUNCTION touch_log();
ALTER TABLE client_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY client_log_visible ON client_log
  USING (EXISTS (SELECT 1 FROM customers WHERE customers.id = client_log.client_id AND customers.active));
