CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE bookings (
  id serial PRIMARY KEY,
  room integer NOT NULL,
  during tsrange NOT NULL,
  cancelled boolean NOT NULL DEFAULT false,
  EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (NOT cancelled)
);
CREATE TABLE shifts (
  id serial PRIMARY KEY,
  worker text NOT NULL,
  span tstzrange NOT NULL,
  CONSTRAINT shifts_no_overlap EXCLUDE USING gist (worker WITH =, span WITH &&)
    DEFERRABLE INITIALLY DEFERRED
);
COMMENT ON CONSTRAINT shifts_no_overlap ON shifts IS 'one shift at a time';
