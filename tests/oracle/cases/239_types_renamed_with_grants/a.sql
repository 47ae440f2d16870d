CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
CREATE TYPE contact AS (name text, mail email);
GRANT USAGE ON DOMAIN email TO app_user;
CREATE TABLE people (id int PRIMARY KEY, c contact, primary_mail email);
