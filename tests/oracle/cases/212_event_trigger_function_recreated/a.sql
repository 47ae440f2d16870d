CREATE FUNCTION note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'ddl: %', tg_tag;
END
$$;

-- An overload under the same name.
CREATE FUNCTION note_ddl(tag integer) RETURNS integer LANGUAGE sql AS $$ SELECT tag $$;

CREATE EVENT TRIGGER note_ddl ON ddl_command_end EXECUTE FUNCTION note_ddl();
