CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL, note text);
CREATE TABLE refunds (id integer PRIMARY KEY);
