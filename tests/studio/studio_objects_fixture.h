// A database holding every kind of object the schema view shows beyond tables and views:
// functions (overloads, RETURNS TABLE, a procedure, a hostile name, a 60-line body with lines
// of up to 1,200 characters, 300 generated ones), a trigger with WHEN
// and UPDATE OF, domains (one over another), composite and range types, a partitioned table
// with sub-partitions and a DEFAULT partition, an exclusion constraint, an UNLOGGED table,
// storage parameters and grants to a role. The API test and the browser test load it.
#pragma once

namespace sleet::testing {

// The role the fixture grants to (roles are cluster-wide: created when missing).
inline constexpr const char* kObjectsRole = "studio_reader";

inline constexpr const char* kObjectsSchema = R"sql(
DO $$ BEGIN CREATE ROLE studio_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
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
INSERT INTO measurements VALUES ('2025-03-01', 1), ('2025-04-01', 2), ('2026-05-01', 3), ('2030-01-01', 4);
ANALYZE;
)sql";

}  // namespace sleet::testing
