CREATE TABLE orders (id int PRIMARY KEY, amount numeric NOT NULL, state text NOT NULL);
