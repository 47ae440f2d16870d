CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, name text);
CREATE UNIQUE INDEX users_email_idx ON users (lower(email));
CREATE INDEX users_name_idx ON users (name);
