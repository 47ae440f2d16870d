CREATE TABLE named (
  name text NOT NULL
);
CREATE TABLE timestamped (
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT timestamped_after_2000 CHECK (created_at > '2000-01-01 00:00:00+00')
);
CREATE TABLE projects (
  budget integer,
  created_at timestamp with time zone NOT NULL
) INHERITS (named);
