CREATE TABLE words (id integer PRIMARY KEY, word text NOT NULL, sort_key text COLLATE "C", other varchar(10));
CREATE INDEX words_word_idx ON words (word);
