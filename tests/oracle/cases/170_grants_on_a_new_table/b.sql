CREATE TABLE accounts (id serial PRIMARY KEY, email text NOT NULL, secret text);
GRANT SELECT, INSERT ON accounts TO app_user;
GRANT SELECT (id, email) ON accounts TO auditor;
GRANT ALL ON accounts TO app_admin WITH GRANT OPTION;
GRANT USAGE, SELECT ON SEQUENCE accounts_id_seq TO app_user;
