CREATE TABLE products (id integer PRIMARY KEY, price numeric CHECK (price > 0), qty integer, CONSTRAINT qty_ok CHECK (qty >= 0));
