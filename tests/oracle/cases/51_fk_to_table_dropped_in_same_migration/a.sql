CREATE TABLE customers (id integer PRIMARY KEY, name text);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers, note text);
CREATE TABLE refunds (id integer PRIMARY KEY, customer_id integer REFERENCES customers ON DELETE CASCADE);
