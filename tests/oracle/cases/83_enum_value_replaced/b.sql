CREATE TYPE color AS ENUM ('red', 'green', 'blue');
CREATE TABLE paints (id integer PRIMARY KEY, color color);
