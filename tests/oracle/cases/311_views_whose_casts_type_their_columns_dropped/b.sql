-- A cast at the top of a view's select list gives the view's column its type: 'ok'::mood a
-- mood column, 'x'::varchar a varchar one. Below the top it is only a comparison's label.
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TABLE people (
  id integer PRIMARY KEY,
  name varchar(40) NOT NULL,
  feeling mood NOT NULL DEFAULT 'ok'
);
