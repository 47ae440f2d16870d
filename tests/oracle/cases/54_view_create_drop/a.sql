CREATE TABLE users (id integer PRIMARY KEY, email text, active boolean NOT NULL DEFAULT true);
CREATE VIEW old_users AS SELECT id FROM users WHERE NOT active;
