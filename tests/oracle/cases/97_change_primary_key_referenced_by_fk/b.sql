CREATE TABLE countries (id integer NOT NULL UNIQUE, iso text PRIMARY KEY);
CREATE TABLE cities (id integer PRIMARY KEY, country_id integer REFERENCES countries (id));
