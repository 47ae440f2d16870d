CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE bookings (
  id serial PRIMARY KEY,
  room integer NOT NULL,
  during tsrange NOT NULL,
  cancelled boolean NOT NULL DEFAULT false
);
CREATE TABLE shifts (
  id serial PRIMARY KEY,
  worker text NOT NULL,
  span tstzrange NOT NULL
);
