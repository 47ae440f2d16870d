CREATE TABLE events (
  id bigint NOT NULL,
  happened_at date NOT NULL,
  kind text NOT NULL,
  note text,
  CONSTRAINT events_note_check CHECK (note <> ''),
  PRIMARY KEY (id, happened_at, kind),
  CONSTRAINT events_kind_id_day UNIQUE (kind, id, happened_at)
) PARTITION BY RANGE (happened_at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
  PARTITION BY LIST (kind);
CREATE TABLE events_2025_audit PARTITION OF events_2025 FOR VALUES IN ('audit');
CREATE TABLE events_2025_rest PARTITION OF events_2025 DEFAULT;
CREATE TABLE events_other PARTITION OF events DEFAULT;
CREATE INDEX events_kind ON events (kind);
-- the same columns as events_kind: each partition's copy takes the next free name (..._kind_idx1)
CREATE INDEX events_kind_noted ON events (kind) WHERE note IS NOT NULL;
CREATE INDEX events_lower_note ON events (lower(note), note, note);
CREATE UNIQUE INDEX events_id_day ON events (id, happened_at, kind);
