CREATE TABLE customers (id integer PRIMARY KEY, full_name text NOT NULL);
GRANT SELECT ON customers TO app_user;
GRANT SELECT (full_name) ON customers TO auditor;
GRANT INSERT ON customers TO app_admin;
