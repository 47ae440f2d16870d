CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, email text UNIQUE);
CREATE INDEX users_name_idx ON users (name);
