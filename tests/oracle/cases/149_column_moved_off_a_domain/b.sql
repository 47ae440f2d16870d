CREATE TABLE contacts (id integer PRIMARY KEY, address text NOT NULL, age integer);
