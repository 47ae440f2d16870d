CREATE DOMAIN email_address AS text CHECK (VALUE LIKE '%@%');
CREATE TYPE person_contact AS (name text, mail email_address);
GRANT USAGE ON DOMAIN email_address TO app_user;
CREATE TABLE people (id int PRIMARY KEY, c person_contact, primary_mail email_address);
