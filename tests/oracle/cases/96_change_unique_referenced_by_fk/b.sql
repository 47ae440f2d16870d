CREATE TABLE codes (id integer PRIMARY KEY, code text, region text, CONSTRAINT codes_code_key UNIQUE (code, region));
CREATE TABLE uses (id integer PRIMARY KEY, code text);
