CREATE TABLE events (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb
);
CREATE TABLE cache (
  key text PRIMARY KEY,
  value text
) WITH (fillfactor=90);
CREATE INDEX events_kind_idx ON events (kind);
