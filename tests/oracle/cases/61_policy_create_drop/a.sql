CREATE TABLE docs (id integer PRIMARY KEY, owner text NOT NULL, public boolean NOT NULL DEFAULT false);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_old ON docs FOR DELETE USING (false);
