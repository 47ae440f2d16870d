-- logins already holds the parent's columns: they stay its own (merged with the parent's),
-- gain the parent's NOT NULL and default, and the parent's check is inherited.
CREATE TABLE events (
  id bigint NOT NULL,
  happened_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT events_id_positive CHECK (id > 0)
);
CREATE TABLE logins (
  id bigint,
  happened_at timestamp with time zone NOT NULL,
  user_name text NOT NULL
) INHERITS (events);
