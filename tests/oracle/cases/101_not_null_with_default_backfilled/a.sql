CREATE TABLE accounts (id integer PRIMARY KEY, plan text, credits integer DEFAULT 0, seq bigint);
