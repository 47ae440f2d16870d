CREATE SCHEMA app;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT, DELETE ON TABLES TO auditor;
CREATE TABLE app.notes (id integer PRIMARY KEY, body text);
CREATE TABLE app.secrets (id integer PRIMARY KEY, value text);
REVOKE SELECT, DELETE ON app.secrets FROM auditor;
REVOKE DELETE ON app.notes FROM auditor;
