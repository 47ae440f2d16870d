CREATE TABLE docs (id integer PRIMARY KEY, owner text NOT NULL, public boolean NOT NULL DEFAULT false);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_read ON docs FOR SELECT TO app_user USING (public);
CREATE POLICY docs_update ON docs FOR UPDATE USING (owner = current_user);
CREATE POLICY docs_all ON docs AS PERMISSIVE TO app_user USING (true);
