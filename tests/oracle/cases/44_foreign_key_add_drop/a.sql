CREATE TABLE a (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE b (id integer PRIMARY KEY, a_id integer REFERENCES a, a_code text);
