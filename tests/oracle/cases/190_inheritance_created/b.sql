-- A parent with a CHECK its children inherit and one they do not (NO INHERIT), a child that
-- merges a column of its own with the parent's, a grandchild, and a child of two parents.
CREATE TABLE events (
  id bigint NOT NULL,
  happened_at timestamp with time zone DEFAULT now() NOT NULL,
  kind text,
  CONSTRAINT events_id_positive CHECK (id > 0),
  CONSTRAINT events_only_here CHECK (kind IS NULL) NO INHERIT,
  CONSTRAINT events_pkey PRIMARY KEY (id)
);
CREATE TABLE audited (
  audited_by text NOT NULL DEFAULT 'system'
);
CREATE TABLE logins (
  kind text,
  user_name text NOT NULL,
  CONSTRAINT logins_user_name_length CHECK (length(user_name) < 100)
) INHERITS (events);
CREATE INDEX logins_user_name ON logins (user_name);
CREATE TABLE admin_logins (
  privilege text
) INHERITS (logins);
CREATE TABLE purchases (
  amount numeric(10, 2) NOT NULL
) INHERITS (events, audited);
CREATE TABLE empty_child () INHERITS (audited);
