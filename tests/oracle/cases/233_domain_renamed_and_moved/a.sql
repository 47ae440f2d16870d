CREATE SCHEMA app;
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
CREATE DOMAIN small AS positive CHECK (VALUE < 100);
CREATE TABLE orders (id int PRIMARY KEY, quantity positive NOT NULL, extra positive[], s small);
CREATE FUNCTION twice(n positive) RETURNS positive LANGUAGE sql AS 'SELECT n * 2';
