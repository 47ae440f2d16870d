CREATE TABLE clients (id integer PRIMARY KEY, name text NOT NULL);
GRANT SELECT, UPDATE ON clients TO app_user;
GRANT SELECT (name) ON clients TO auditor;
