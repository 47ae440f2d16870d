CREATE TABLE codes (id integer PRIMARY KEY, code text, CONSTRAINT codes_code_key UNIQUE (code));
CREATE TABLE uses (id integer PRIMARY KEY, code text REFERENCES codes (code));
