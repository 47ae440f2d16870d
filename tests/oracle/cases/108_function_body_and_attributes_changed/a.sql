CREATE SCHEMA app;
CREATE FUNCTION app.slugify(value text, separator text DEFAULT '-') RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT lower(regexp_replace(value, '[^a-z0-9]+', separator, 'gi')) $$;
CREATE TABLE app.pages (id int PRIMARY KEY, title text NOT NULL,
  slug text NOT NULL DEFAULT 'x' CHECK (slug = app.slugify(slug)));
