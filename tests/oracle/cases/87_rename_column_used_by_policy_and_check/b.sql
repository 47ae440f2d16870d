CREATE TABLE docs (id integer PRIMARY KEY, author text NOT NULL CHECK (author <> ''));
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_owner ON docs FOR ALL TO app_user USING (author = current_user);
CREATE INDEX docs_owner_idx ON docs (lower(author));
