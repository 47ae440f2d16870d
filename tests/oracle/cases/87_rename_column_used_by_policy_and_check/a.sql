CREATE TABLE docs (id integer PRIMARY KEY, owner text NOT NULL CHECK (owner <> ''));
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_owner ON docs FOR ALL TO app_user USING (owner = current_user);
CREATE INDEX docs_owner_idx ON docs (lower(owner));
