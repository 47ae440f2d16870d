CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  code varchar(50) NOT NULL,
  amount numeric(10, 2),
  visits integer
);
