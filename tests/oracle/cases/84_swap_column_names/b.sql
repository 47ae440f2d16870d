CREATE TABLE pairs (id integer PRIMARY KEY, first_value text, second_value integer);
