CREATE TABLE users (id integer PRIMARY KEY, email text, active boolean NOT NULL DEFAULT true);
CREATE VIEW active_users AS SELECT id, lower(email) AS email, 1 AS version FROM users WHERE active AND email IS NOT NULL;
