CREATE SCHEMA paint;
CREATE TYPE paint.color AS ENUM ('red', 'grn', 'blu');
CREATE TABLE paint.paints (id integer PRIMARY KEY, color paint.color NOT NULL DEFAULT 'grn',
  mixes paint.color[]);
