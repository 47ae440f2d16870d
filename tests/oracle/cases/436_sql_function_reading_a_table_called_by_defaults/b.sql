-- A SQL function whose body reads a table (checked when created) while other tables' defaults
-- and a check call it: created before those tables with its body unchecked, as LedgerSMB's
-- person__get_my_entity_id() (which LedgerSMB itself first creates as a stub).
CREATE TABLE users (id int PRIMARY KEY, username text NOT NULL UNIQUE);
CREATE FUNCTION my_user_id() RETURNS int AS $$
  SELECT id FROM users WHERE username = SESSION_USER
$$ LANGUAGE sql STABLE;
CREATE TABLE notes (
  id int PRIMARY KEY,
  body text,
  entered_by int DEFAULT my_user_id() REFERENCES users (id),
  checked_by int CHECK (checked_by IS DISTINCT FROM my_user_id())
);
CREATE TABLE audit (at timestamptz DEFAULT now(), who int NOT NULL DEFAULT my_user_id());
