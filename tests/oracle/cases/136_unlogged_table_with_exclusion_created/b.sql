CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE SCHEMA ops;
CREATE UNLOGGED TABLE ops.leases (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resource text NOT NULL,
  held tstzrange NOT NULL,
  EXCLUDE USING gist (resource WITH =, held WITH &&) INCLUDE (id)
) WITH (fillfactor=50, autovacuum_enabled=off);
CREATE TABLE ops.rooms (
  id integer PRIMARY KEY,
  EXCLUDE (id WITH =)
);
