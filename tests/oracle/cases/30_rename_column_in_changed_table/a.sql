CREATE TABLE users (
  id integer PRIMARY KEY,
  name text NOT NULL,
  age smallint,
  nick varchar(10),
  CONSTRAINT users_name_len CHECK (length(name) > 1)
);
