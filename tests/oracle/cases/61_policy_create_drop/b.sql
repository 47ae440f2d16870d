CREATE TABLE docs (id integer PRIMARY KEY, owner text NOT NULL, public boolean NOT NULL DEFAULT false);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_read ON docs FOR SELECT TO app_user USING (public OR owner = current_user);
CREATE POLICY docs_write ON docs AS RESTRICTIVE FOR INSERT TO app_user, app_admin WITH CHECK (owner = current_user);
