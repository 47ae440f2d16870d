CREATE TABLE accounts (id serial PRIMARY KEY, email text NOT NULL, secret text);
GRANT SELECT ON accounts TO app_user WITH GRANT OPTION;
