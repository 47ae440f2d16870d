CREATE TABLE t (id serial PRIMARY KEY, n bigserial, label text);
