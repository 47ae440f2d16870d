-- expect: prefer-bigint-over-int, prefer-bigint-over-smallint
CREATE TABLE counters (
  id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  hits integer NOT NULL DEFAULT 0,
  weight smallint
);
