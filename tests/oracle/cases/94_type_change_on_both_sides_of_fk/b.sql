CREATE TABLE parents (id bigint PRIMARY KEY);
CREATE TABLE children (id integer PRIMARY KEY, parent_id bigint REFERENCES parents);
