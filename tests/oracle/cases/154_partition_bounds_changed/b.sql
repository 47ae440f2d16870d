CREATE TABLE orders (id integer NOT NULL, region text NOT NULL, total numeric)
  PARTITION BY RANGE (id);
CREATE TABLE orders_low PARTITION OF orders FOR VALUES FROM (0) TO (50);
CREATE TABLE orders_high PARTITION OF orders FOR VALUES FROM (50) TO (300);
CREATE INDEX orders_region ON orders (region);

CREATE TABLE tickets (id integer NOT NULL, queue text NOT NULL) PARTITION BY LIST (queue);
CREATE TABLE tickets_support PARTITION OF tickets FOR VALUES IN ('help', 'bug', 'outage');
CREATE TABLE tickets_sales PARTITION OF tickets FOR VALUES IN ('lead', 'renewal');
