CREATE TABLE shipments (
  id integer PRIMARY KEY,
  source text,
  destination text,
  weight_kg integer
);

CREATE STATISTICS shipments_route (dependencies) ON source, destination FROM shipments;
CREATE STATISTICS shipments_heavy ON (weight_kg > 100), (lower(source)) FROM shipments;
COMMENT ON STATISTICS shipments_route IS 'routes';
