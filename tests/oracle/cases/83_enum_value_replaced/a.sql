CREATE TYPE color AS ENUM ('red', 'grn', 'blue');
CREATE TABLE paints (id integer PRIMARY KEY, color color);
