CREATE TABLE boxes (id integer PRIMARY KEY, w integer NOT NULL, h integer NOT NULL, area integer, perimeter integer GENERATED ALWAYS AS (2 * (w + h)) STORED);
