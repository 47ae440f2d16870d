CREATE TABLE users (
  id integer PRIMARY KEY,
  full_name text NOT NULL,
  age integer NOT NULL DEFAULT 0,
  email text,
  CONSTRAINT users_name_len CHECK (length(full_name) > 1)
);
CREATE INDEX users_full_name_idx ON users (full_name) WHERE age > 17;
