-- The parent gains a column (its children get it too) and a check (inherited); a child gains
-- a column of its own, another loses one.
CREATE TABLE vehicles (
  id integer NOT NULL,
  plate text NOT NULL,
  registered_on date,
  CONSTRAINT vehicles_plate_length CHECK (length(plate) BETWEEN 2 AND 12)
);
CREATE TABLE cars (
  seats integer,
  color text
) INHERITS (vehicles);
CREATE TABLE trucks (
  axles integer
) INHERITS (vehicles);
