CREATE TABLE documents (id integer PRIMARY KEY, title text NOT NULL, body text, search tsvector);
-- The server's own trigger functions (pg_catalog), called unqualified as its documentation does.
CREATE TRIGGER documents_search BEFORE INSERT OR UPDATE ON documents
  FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(search, 'pg_catalog.english', title, body);
CREATE TRIGGER documents_unchanged BEFORE UPDATE ON documents
  FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
COMMENT ON TRIGGER documents_search ON documents IS 'Keeps search in step with the text';
