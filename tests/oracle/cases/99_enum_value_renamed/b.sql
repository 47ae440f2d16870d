CREATE SCHEMA paint;
CREATE TYPE paint.color AS ENUM ('red', 'green', 'yellow', 'blue');
CREATE TABLE paint.paints (id integer PRIMARY KEY, color paint.color NOT NULL DEFAULT 'green',
  mixes paint.color[]);
