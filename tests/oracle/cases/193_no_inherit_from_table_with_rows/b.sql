-- logins leaves events: its columns were its own already; the check it inherited becomes its
-- own and, not declared here, is dropped.
CREATE TABLE events (
  id bigint NOT NULL,
  happened_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT events_id_positive CHECK (id > 0)
);
CREATE TABLE logins (
  id bigint NOT NULL,
  happened_at timestamp with time zone DEFAULT now() NOT NULL,
  user_name text NOT NULL
);
