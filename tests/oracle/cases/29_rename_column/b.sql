CREATE TABLE users (id integer PRIMARY KEY, full_name text NOT NULL, email text UNIQUE);
CREATE INDEX users_name_idx ON users (full_name);
