CREATE TABLE products (id integer PRIMARY KEY, price numeric CHECK (price > 0), qty integer, CONSTRAINT qty_ok CHECK (qty >= 0 AND qty < 1000), CONSTRAINT price_qty CHECK (price * qty < 1000000));
