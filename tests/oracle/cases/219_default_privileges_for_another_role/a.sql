CREATE SCHEMA reports;
CREATE TABLE reports.daily (day date PRIMARY KEY, total numeric NOT NULL);
