CREATE TABLE orders (id serial PRIMARY KEY, note text);
CREATE TABLE lines (id bigserial PRIMARY KEY, order_id integer REFERENCES orders (id));
