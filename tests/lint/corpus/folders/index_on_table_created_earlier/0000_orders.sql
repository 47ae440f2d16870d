-- expect: none
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL, status text);
