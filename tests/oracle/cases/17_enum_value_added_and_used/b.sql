CREATE TYPE status AS ENUM ('new', 'draft', 'published');
CREATE TABLE posts (id integer PRIMARY KEY, status status NOT NULL DEFAULT 'new');
