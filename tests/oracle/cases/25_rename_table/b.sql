CREATE TABLE persons (
  id serial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  age integer CHECK (age >= 0)
);
CREATE INDEX people_email_lower_idx ON persons (lower(email));
CREATE TABLE pets (id serial PRIMARY KEY, owner_id integer REFERENCES persons);
