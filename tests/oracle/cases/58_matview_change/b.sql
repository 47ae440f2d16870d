CREATE TABLE events (id integer PRIMARY KEY, kind text NOT NULL, at timestamptz NOT NULL);
CREATE MATERIALIZED VIEW event_counts AS SELECT kind, date_trunc('day', at) AS day, count(*) AS n FROM events GROUP BY 1, 2 WITH NO DATA;
CREATE MATERIALIZED VIEW event_kinds WITH (fillfactor = 50) AS SELECT DISTINCT kind FROM events;
