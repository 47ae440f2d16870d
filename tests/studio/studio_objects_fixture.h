// A database holding every kind of object the schema view shows beyond tables and views:
// functions (overloads, RETURNS TABLE, a procedure, a hostile name, a 60-line body with lines
// of up to 1,200 characters, 300 generated ones), a trigger with WHEN
// and UPDATE OF, domains (one over another), composite and range types, a partitioned table
// with sub-partitions and a DEFAULT partition, an exclusion constraint, an UNLOGGED table,
// storage parameters and grants to a role; table inheritance (one child of two parents), rules on
// a table and on a view, event triggers (one disabled) and default privileges (the connecting
// role's and another role's), a check added NOT VALID, a materialized view with a unique index.
// The API test and the browser test load it.
#pragma once

namespace sleet::testing {

// The role the fixture grants to (roles are cluster-wide: created when missing).
inline constexpr const char* kObjectsRole = "studio_reader";

inline constexpr const char* kObjectsSchema = R"sql(
DO $$ BEGIN CREATE ROLE studio_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE studio_owner; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE DOMAIN email AS text NOT NULL DEFAULT 'nobody@example.com'
  CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');
CREATE DOMAIN work_email AS email CONSTRAINT work_email_com CHECK (VALUE LIKE '%.com');
CREATE TYPE address AS (street text, city text COLLATE "C");
CREATE TYPE price_range AS RANGE (subtype = numeric);
CREATE TABLE accounts (
  id integer PRIMARY KEY CONSTRAINT id_positive CHECK (id > 0),
  email email, work work_email, home address, price price_range, updated_at timestamptz
) WITH (fillfactor = 70, autovacuum_enabled = false);
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
CREATE TRIGGER accounts_touch BEFORE UPDATE OF email ON accounts FOR EACH ROW
  WHEN (OLD.email IS DISTINCT FROM NEW.email) EXECUTE FUNCTION set_updated_at();
CREATE FUNCTION add(a integer, b integer DEFAULT 1) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT AS 'SELECT a + b';
CREATE FUNCTION add(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE TABLE measurements (at date NOT NULL, value integer) PARTITION BY RANGE (at);
CREATE TABLE measurements_2025 PARTITION OF measurements
  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (value);
CREATE TABLE measurements_2025_small PARTITION OF measurements_2025 FOR VALUES IN (1, 2);
CREATE TABLE measurements_2026 PARTITION OF measurements
  FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE measurements_rest PARTITION OF measurements DEFAULT;
CREATE FUNCTION recent(since date) RETURNS TABLE (at date, value integer)
  LANGUAGE sql STABLE AS 'SELECT at, value FROM measurements WHERE at >= since';
CREATE PROCEDURE archive(before date) LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM measurements WHERE at < before;
END
$$;
CREATE UNLOGGED TABLE cache (key text PRIMARY KEY, value text);
CREATE TABLE bookings (room integer, during tsrange,
  CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&) WHERE (room > 0));
GRANT SELECT, INSERT ON accounts TO studio_reader;
GRANT UPDATE (email) ON accounts TO studio_reader;
GRANT EXECUTE ON FUNCTION add(integer, integer) TO studio_reader;
REVOKE EXECUTE ON FUNCTION set_updated_at() FROM PUBLIC;
GRANT USAGE ON DOMAIN email TO studio_reader;
CREATE FUNCTION "<img src=x onerror=window.pwned=1>"(a integer) RETURNS integer
  LANGUAGE sql AS 'SELECT a';
DO $$ BEGIN
  EXECUTE 'CREATE FUNCTION long_body() RETURNS text LANGUAGE plpgsql AS $body$' || E'\nDECLARE\n'
    || (SELECT string_agg(format('  v%s text := %L;', g, repeat('x', 20 * g)), E'\n') FROM generate_series(1, 60) g)
    || E'\nBEGIN\n  RETURN v60;\nEND\n$body$';
  FOR i IN 1..300 LOOP
    EXECUTE format('CREATE FUNCTION generated_%s() RETURNS integer LANGUAGE sql IMMUTABLE AS %L',
                   i, 'SELECT ' || i);
  END LOOP;
END $$;
CREATE TABLE vehicles (id integer NOT NULL, name text NOT NULL);
CREATE TABLE cars (doors integer) INHERITS (vehicles);
CREATE TABLE boats (draft numeric) INHERITS (vehicles);
CREATE TABLE amphibians (wheels integer) INHERITS (cars, boats);
CREATE TABLE vehicle_log (at timestamptz NOT NULL DEFAULT now(), name text);
CREATE RULE vehicles_log AS ON INSERT TO vehicles
  DO ALSO INSERT INTO vehicle_log (name) VALUES (NEW.name);
CREATE RULE cars_keep AS ON DELETE TO cars WHERE OLD.doors > 2 DO INSTEAD NOTHING;
CREATE VIEW car_names AS SELECT id, name FROM cars;
CREATE RULE car_names_insert AS ON INSERT TO car_names
  DO INSTEAD INSERT INTO cars (id, name) VALUES (NEW.id, NEW.name);
ALTER TABLE vehicle_log ADD CONSTRAINT vehicle_log_named CHECK (name IS NOT NULL) NOT VALID;
CREATE MATERIALIZED VIEW measurement_totals AS
  SELECT at, sum(value) AS total FROM measurements GROUP BY at;
CREATE UNIQUE INDEX measurement_totals_at ON measurement_totals (at);
CREATE INDEX measurement_totals_top ON measurement_totals (total DESC NULLS LAST) WHERE total > 0;
CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'ddl: %', tg_tag;
END
$$;
CREATE EVENT TRIGGER log_table_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE')
  EXECUTE FUNCTION log_ddl();
CREATE EVENT TRIGGER log_drops ON sql_drop EXECUTE FUNCTION log_ddl();
ALTER EVENT TRIGGER log_drops DISABLE;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO studio_reader;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SEQUENCES TO studio_reader WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES FOR ROLE studio_owner IN SCHEMA public
  GRANT INSERT, UPDATE ON TABLES TO studio_reader;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
INSERT INTO cars VALUES (1, 'beetle', 2), (2, 'van', 5);
INSERT INTO measurements VALUES ('2025-03-01', 1), ('2025-04-01', 2), ('2026-05-01', 3), ('2030-01-01', 4);
ANALYZE;
)sql";

}  // namespace sleet::testing
