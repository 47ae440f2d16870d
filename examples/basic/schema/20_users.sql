-- Profiles, contacts and an audit log in public.
CREATE TABLE users.profiles (
  user_id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE ON UPDATE CASCADE,
  display_name varchar(64) NOT NULL,
  bio text,
  visibility users.profile_visibility NOT NULL DEFAULT 'public',
  settings jsonb NOT NULL DEFAULT '{"theme":"light"}'::jsonb,
  interests varchar(40)[],
  reputation numeric(10, 2) DEFAULT 0.00,
  level smallint DEFAULT 1 CHECK (level BETWEEN 1 AND 100),
  search_name text GENERATED ALWAYS AS (lower(display_name)) STORED,
  created_at timestamp(3) with time zone NOT NULL DEFAULT now()
);
ALTER TABLE users.profiles ENABLE ROW LEVEL SECURITY;

CREATE TABLE users.contacts (
  owner_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  contact_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  nickname text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner_id, contact_id),
  CONSTRAINT contacts_no_self CHECK (owner_id <> contact_id)
);

CREATE TABLE audit_log (
  id serial PRIMARY KEY,
  actor_id uuid REFERENCES auth.users (id) ON DELETE SET NULL,
  action text NOT NULL,
  payload jsonb,
  at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_actor_at_idx ON audit_log (actor_id, at DESC);
CREATE INDEX audit_log_payload_gin ON audit_log USING gin (payload jsonb_path_ops);

CREATE POLICY profiles_public_read ON users.profiles AS PERMISSIVE FOR SELECT
  USING (visibility = 'public');

CREATE VIEW users.active_profiles AS
  SELECT user_id, display_name, visibility FROM users.profiles WHERE visibility = 'public';
CREATE MATERIALIZED VIEW users.profile_stats AS
  SELECT visibility, count(*)::int AS total FROM users.profiles GROUP BY visibility;
