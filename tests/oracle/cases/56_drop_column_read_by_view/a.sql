CREATE TABLE users (id integer PRIMARY KEY, email text, legacy_code text);
CREATE VIEW user_codes AS SELECT id, legacy_code FROM users;
CREATE VIEW user_emails AS SELECT id, email FROM users;
