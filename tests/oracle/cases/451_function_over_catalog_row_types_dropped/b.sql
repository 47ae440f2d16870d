CREATE TABLE accounts (id int PRIMARY KEY, owner name NOT NULL);
