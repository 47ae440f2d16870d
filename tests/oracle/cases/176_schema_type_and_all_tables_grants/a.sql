CREATE SCHEMA reporting;
CREATE TABLE reporting.daily (day date PRIMARY KEY, total numeric NOT NULL);
CREATE TABLE reporting.monthly (month date PRIMARY KEY, total numeric NOT NULL);
CREATE TYPE reporting.level AS ENUM ('low', 'high');
CREATE DOMAIN reporting.amount AS numeric CHECK (VALUE >= 0);
