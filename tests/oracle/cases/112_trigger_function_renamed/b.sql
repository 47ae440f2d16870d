CREATE TABLE posts (
  id serial PRIMARY KEY,
  title text NOT NULL,
  body text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE SCHEMA util;
CREATE FUNCTION util.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at = clock_timestamp();
  RETURN NEW;
END
$$;
CREATE TRIGGER posts_updated_at BEFORE UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION util.touch();
