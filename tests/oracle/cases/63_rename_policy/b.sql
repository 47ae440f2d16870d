CREATE TABLE docs (id integer PRIMARY KEY, public boolean NOT NULL DEFAULT false);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY p_public_read ON docs FOR SELECT TO app_user USING (public);
