CREATE SCHEMA app;
CREATE TABLE app.items (id integer PRIMARY KEY, price numeric NOT NULL, seen_at timestamptz);
-- The body changes (CREATE OR REPLACE keeps a comment) and so does the comment.
CREATE FUNCTION app.price_with_tax(p numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
  AS $$ SELECT p * 1.25 $$;
COMMENT ON FUNCTION app.price_with_tax(numeric) IS 'Price with 25% tax';
-- The body changes, the comment stays.
CREATE FUNCTION app.mark_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.seen_at := clock_timestamp(); RETURN NEW; END;
$$;
CREATE TRIGGER items_seen BEFORE INSERT OR UPDATE ON app.items
  FOR EACH ROW EXECUTE FUNCTION app.mark_seen();
COMMENT ON TRIGGER items_seen ON app.items IS 'Stamps seen_at with the clock';
