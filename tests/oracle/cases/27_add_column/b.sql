CREATE TABLE users (
  id integer PRIMARY KEY,
  phone varchar(20),
  email text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  score double precision DEFAULT 1.5,
  tags text[] NOT NULL DEFAULT '{}'::text[],
  created_at timestamp(3) with time zone DEFAULT CURRENT_TIMESTAMP,
  counter bigserial,
  data jsonb DEFAULT '{"a": 1}'::jsonb
);
