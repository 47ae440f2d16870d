CREATE SCHEMA app;
CREATE TABLE app.accounts (id serial PRIMARY KEY, name text NOT NULL);
