CREATE TABLE vehicles (
  id integer NOT NULL,
  plate text NOT NULL
);
CREATE TABLE cars (
  seats integer
) INHERITS (vehicles);
CREATE TABLE trucks (
  axles integer,
  load_kg integer
) INHERITS (vehicles);
