CREATE SCHEMA app;
CREATE DOMAIN app.amount AS int CHECK (VALUE > 0);
CREATE DOMAIN small AS app.amount CHECK (VALUE < 100);
CREATE TABLE orders (id int PRIMARY KEY, quantity app.amount NOT NULL, extra app.amount[], s small);
CREATE FUNCTION twice(n app.amount) RETURNS app.amount LANGUAGE sql AS 'SELECT n * 2';
