CREATE SCHEMA audit;

-- The overload changes: what calls note_ddl by name is dropped and created with it.
CREATE FUNCTION note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'ddl: %', tg_tag;
END
$$;

CREATE FUNCTION note_ddl(tag text) RETURNS text LANGUAGE sql AS $$ SELECT tag $$;

CREATE EVENT TRIGGER note_ddl ON ddl_command_end EXECUTE FUNCTION note_ddl();

-- An event trigger calling a function in another schema.
CREATE FUNCTION audit.note_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'dropped';
END
$$;

CREATE EVENT TRIGGER note_drop ON sql_drop EXECUTE FUNCTION audit.note_drop();
