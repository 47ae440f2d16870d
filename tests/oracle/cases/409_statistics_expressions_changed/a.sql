CREATE TABLE events (
  id integer PRIMARY KEY,
  kind text,
  happened_at timestamp
);

CREATE STATISTICS events_kind_day ON kind, (date_trunc('day', happened_at)) FROM events;
CREATE STATISTICS events_hour ON (extract(hour FROM happened_at)) FROM events;
