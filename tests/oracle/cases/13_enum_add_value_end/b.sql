CREATE TYPE status AS ENUM ('draft', 'published', 'archived', 'deleted');
CREATE TABLE posts (id integer PRIMARY KEY, status status NOT NULL DEFAULT 'draft');
