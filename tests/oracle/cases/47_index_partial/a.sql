CREATE TABLE tasks (id integer PRIMARY KEY, done boolean NOT NULL DEFAULT false, due date, owner text);
CREATE INDEX tasks_open_idx ON tasks (due) WHERE NOT done;
CREATE INDEX tasks_owner_idx ON tasks (owner);
