CREATE TABLE posts (
  id serial PRIMARY KEY,
  title text NOT NULL,
  body text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
