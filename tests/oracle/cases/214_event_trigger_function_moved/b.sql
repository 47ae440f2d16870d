CREATE SCHEMA audit;

-- Another function: the event trigger is dropped before the old one goes.
CREATE FUNCTION audit.note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'ddl: %', tg_tag;
END
$$;

CREATE EVENT TRIGGER note_ddl ON ddl_command_end EXECUTE FUNCTION audit.note_ddl();
