-- expect: none
CREATE TABLE notes (id bigint PRIMARY KEY, body varchar, created_at timestamptz NOT NULL DEFAULT now());
