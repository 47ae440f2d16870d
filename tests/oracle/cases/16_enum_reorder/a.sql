CREATE TYPE size AS ENUM ('small', 'large', 'medium');
CREATE TABLE shirts (id integer PRIMARY KEY, size size NOT NULL DEFAULT 'medium', sizes size[] DEFAULT '{}');
