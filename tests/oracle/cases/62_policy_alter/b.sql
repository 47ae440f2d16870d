CREATE TABLE docs (id integer PRIMARY KEY, owner text NOT NULL, public boolean NOT NULL DEFAULT false);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_read ON docs FOR SELECT TO app_user, auditor USING (public OR owner = current_user);
CREATE POLICY docs_update ON docs FOR UPDATE USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY docs_all ON docs AS RESTRICTIVE TO app_user USING (true);
