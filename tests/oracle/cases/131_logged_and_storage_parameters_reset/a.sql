CREATE TABLE events (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb
) WITH (fillfactor=70, autovacuum_enabled=false);
CREATE UNLOGGED TABLE cache (
  key text PRIMARY KEY,
  value text
) WITH (fillfactor=80, autovacuum_vacuum_scale_factor=0.05);
CREATE INDEX events_kind_idx ON events (kind) WITH (fillfactor=60);
