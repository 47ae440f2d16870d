CREATE TABLE public.people (id integer PRIMARY KEY, email varchar(255) DEFAULT NULL,
  score numeric(5,1) DEFAULT NULL, nickname varchar(40));
