CREATE TABLE public.people (id integer PRIMARY KEY, email varchar(255),
  score numeric(5,1) DEFAULT 0, nickname varchar(40) DEFAULT NULL);
