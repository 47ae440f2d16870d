CREATE TABLE accounts (id integer PRIMARY KEY);

-- The functions only raise notices: an event trigger fires on every later DDL statement of
-- the database, the tests' own included.
CREATE FUNCTION note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'ddl: %', tg_tag;
END
$$;

CREATE FUNCTION note_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'dropped by %', tg_tag;
END
$$;

CREATE EVENT TRIGGER note_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'alter table')
  EXECUTE FUNCTION note_ddl();
COMMENT ON EVENT TRIGGER note_ddl IS 'schema changes are noted';

CREATE EVENT TRIGGER note_drop ON sql_drop EXECUTE PROCEDURE note_drop();
ALTER EVENT TRIGGER note_drop DISABLE;

CREATE EVENT TRIGGER note_rewrite ON table_rewrite EXECUTE FUNCTION note_drop();
ALTER EVENT TRIGGER note_rewrite ENABLE ALWAYS;
