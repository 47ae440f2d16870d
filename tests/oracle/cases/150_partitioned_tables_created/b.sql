CREATE TABLE events (
  id bigint NOT NULL,
  happened_on date NOT NULL,
  kind text NOT NULL DEFAULT 'info',
  body text,
  PRIMARY KEY (id, happened_on)
) PARTITION BY RANGE (happened_on);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_later PARTITION OF events FOR VALUES FROM ('2025-01-01') TO (MAXVALUE);
CREATE TABLE events_other PARTITION OF events DEFAULT;
CREATE INDEX events_kind ON events (kind);
CREATE INDEX events_2024_body ON events_2024 (body);

CREATE TABLE regions (code text NOT NULL, name text,
  CONSTRAINT regions_code_length CHECK (length(code) = 2)) PARTITION BY LIST (code);
CREATE TABLE regions_eu PARTITION OF regions FOR VALUES IN ('de', 'fr', 'nl');
CREATE TABLE regions_us PARTITION OF regions (CONSTRAINT regions_us_named CHECK (name IS NOT NULL))
  FOR VALUES IN ('us');
CREATE TABLE regions_rest PARTITION OF regions DEFAULT;

CREATE TABLE sessions (id integer NOT NULL, token text) PARTITION BY HASH (id);
CREATE TABLE sessions_0 PARTITION OF sessions FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE sessions_1 PARTITION OF sessions FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE UNIQUE INDEX sessions_id ON sessions (id);
