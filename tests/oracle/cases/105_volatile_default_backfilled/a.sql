CREATE TABLE sessions (id bigint PRIMARY KEY, user_name text NOT NULL);
