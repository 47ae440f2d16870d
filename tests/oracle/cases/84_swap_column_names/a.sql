CREATE TABLE pairs (id integer PRIMARY KEY, left_value text, right_value integer);
