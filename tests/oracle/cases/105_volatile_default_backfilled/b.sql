CREATE TABLE sessions (
  id bigint PRIMARY KEY,
  user_name text NOT NULL,
  token uuid NOT NULL DEFAULT gen_random_uuid(),
  jitter double precision DEFAULT random(),
  seen_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE UNIQUE INDEX sessions_token_idx ON sessions (token);
