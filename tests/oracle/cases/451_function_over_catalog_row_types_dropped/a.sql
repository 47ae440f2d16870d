CREATE TABLE accounts (id int PRIMARY KEY, owner name NOT NULL);
CREATE FUNCTION account_roles() RETURNS SETOF pg_roles LANGUAGE sql STABLE
  AS $$ SELECT r.* FROM pg_roles r JOIN accounts a ON a.owner = r.rolname $$;
CREATE FUNCTION relation_label(r pg_class) RETURNS text LANGUAGE sql
  AS $$ SELECT r.relname::text $$;
CREATE VIEW account_owners AS SELECT rolname FROM account_roles();
