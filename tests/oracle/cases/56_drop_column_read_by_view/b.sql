CREATE TABLE users (id integer PRIMARY KEY, email text);
CREATE VIEW user_codes AS SELECT id, email AS legacy_code FROM users;
CREATE VIEW user_emails AS SELECT id, email FROM users;
