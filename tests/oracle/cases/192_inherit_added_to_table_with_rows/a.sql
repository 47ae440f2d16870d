CREATE TABLE events (
  id bigint NOT NULL,
  happened_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT events_id_positive CHECK (id > 0)
);
CREATE TABLE logins (
  id bigint,
  happened_at timestamp with time zone NOT NULL,
  user_name text NOT NULL
);
