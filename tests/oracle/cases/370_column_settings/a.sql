CREATE TABLE documents (
  id integer PRIMARY KEY,
  slug text NOT NULL,
  body text,
  attachment bytea,
  score numeric,
  tags text[]
);
