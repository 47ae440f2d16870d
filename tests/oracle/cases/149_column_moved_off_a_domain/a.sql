CREATE DOMAIN email AS text CHECK (VALUE ~ '@');
CREATE DOMAIN age AS integer CHECK (VALUE BETWEEN 0 AND 150);
CREATE TABLE contacts (id integer PRIMARY KEY, address email NOT NULL, age age);
