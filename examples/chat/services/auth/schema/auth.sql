-- The auth service: accounts and their sessions.
CREATE SCHEMA auth;

CREATE TYPE auth.account_status AS ENUM ('active', 'locked', 'deleted');

CREATE TABLE auth.accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  password_hash text NOT NULL,
  status auth.account_status NOT NULL DEFAULT 'active',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_key ON auth.accounts (lower(email));

CREATE TABLE auth.sessions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES auth.accounts (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  CONSTRAINT sessions_expiry_in_future CHECK (expires_at > '2020-01-01'::timestamptz)
);
CREATE INDEX sessions_account_idx ON auth.sessions (account_id);
