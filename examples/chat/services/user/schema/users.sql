-- The user service: public profiles. Accounts live in the auth service's database, so the
-- account id is a plain uuid here, not a foreign key.
CREATE SCHEMA users;

CREATE TABLE users.profiles (
  account_id uuid PRIMARY KEY,
  display_name varchar(64) NOT NULL,
  bio text,
  avatar_url text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE users.profiles IS 'One profile per auth account.';
