CREATE TABLE memberships (id integer NOT NULL, user_id integer NOT NULL, group_id integer NOT NULL, PRIMARY KEY (user_id, group_id));
CREATE TABLE tags (name text PRIMARY KEY, other integer);
