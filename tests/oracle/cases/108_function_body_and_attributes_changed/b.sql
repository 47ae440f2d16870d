CREATE SCHEMA app;
CREATE FUNCTION app.slugify(value text, separator text DEFAULT '_') RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SECURITY DEFINER COST 10
  SET search_path = pg_catalog, pg_temp
  AS $$ SELECT trim(both separator from lower(regexp_replace(value, '[^a-z0-9]+', separator, 'gi'))) $$;
CREATE TABLE app.pages (id int PRIMARY KEY, title text NOT NULL,
  slug text NOT NULL DEFAULT 'x' CHECK (slug = app.slugify(slug)));
