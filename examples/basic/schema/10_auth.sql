-- Accounts and sessions.
CREATE TABLE auth.users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  username varchar(32) NOT NULL CONSTRAINT users_username_key UNIQUE,
  password_hash text,
  role auth.user_role NOT NULL DEFAULT 'user',
  is_active boolean NOT NULL DEFAULT true,
  login_count integer NOT NULL DEFAULT 0,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  tags text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CONSTRAINT users_username_len CHECK (char_length(username) >= 3)
);
COMMENT ON TABLE auth.users IS 'One row per account.';
COMMENT ON COLUMN auth.users.deleted_at IS 'Soft delete: set instead of deleting the row.';

CREATE UNIQUE INDEX users_email_active_uq ON auth.users (lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX users_created_at_idx ON auth.users (created_at DESC NULLS LAST);
CREATE INDEX users_tags_gin ON auth.users USING gin (tags);

CREATE TABLE auth.sessions (
  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1000) PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  ip inet,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CONSTRAINT sessions_expiry_after_creation CHECK (expires_at > created_at)
);
CREATE INDEX sessions_user_id_idx ON auth.sessions (user_id);

CREATE TABLE auth.tokens (
  user_id uuid NOT NULL,
  kind auth.token_kind NOT NULL,
  token_hash text NOT NULL,
  used_at timestamptz,
  expires_at timestamptz NOT NULL,
  CONSTRAINT tokens_pk PRIMARY KEY (user_id, kind, token_hash),
  CONSTRAINT tokens_user_fk FOREIGN KEY (user_id) REFERENCES auth.users (id) ON DELETE CASCADE
);
CREATE INDEX tokens_unused_idx ON auth.tokens (expires_at) WHERE used_at IS NULL;
