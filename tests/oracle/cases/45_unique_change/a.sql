CREATE TABLE t (id integer PRIMARY KEY, a text, b text, c text, CONSTRAINT t_a_b_uq UNIQUE (a, b), CONSTRAINT t_c_uq UNIQUE (c));
