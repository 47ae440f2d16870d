CREATE TABLE events (id bigserial PRIMARY KEY, kind text NOT NULL DEFAULT 'click', at timestamptz NOT NULL DEFAULT now());
CREATE INDEX events_at ON events (at);
