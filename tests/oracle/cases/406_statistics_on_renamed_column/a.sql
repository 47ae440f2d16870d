CREATE TABLE shipments (
  id integer PRIMARY KEY,
  origin text,
  destination text,
  weight_kg integer
);

CREATE STATISTICS shipments_route (dependencies) ON origin, destination FROM shipments;
CREATE STATISTICS shipments_heavy ON (weight_kg > 100), (lower(origin)) FROM shipments;
COMMENT ON STATISTICS shipments_route IS 'routes';
