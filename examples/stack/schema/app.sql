CREATE TABLE app_users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  password_hash text,
  is_admin boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TYPE todo_state AS ENUM ('open', 'done');

CREATE TABLE todos (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id bigint NOT NULL REFERENCES app_users (id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) > 0),
  state todo_state NOT NULL DEFAULT 'open',
  due date
);
CREATE INDEX todos_open_by_owner ON todos (owner_id) WHERE state = 'open';
