CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL, updated_at timestamptz);
CREATE FUNCTION touch_notes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch_notes();
COMMENT ON FUNCTION touch_notes() IS 'Sets updated_at on every update';
COMMENT ON TRIGGER notes_touch ON notes IS 'Keeps updated_at fresh; it''s quoted';
