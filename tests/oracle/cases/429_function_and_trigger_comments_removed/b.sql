CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL, updated_at timestamptz);
CREATE FUNCTION touch_notes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch_notes();
