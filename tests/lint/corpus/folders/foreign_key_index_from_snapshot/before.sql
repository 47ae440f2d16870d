CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE coupons (id bigint PRIMARY KEY);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  user_id bigint,
  coupon_id bigint
);
CREATE INDEX orders_user ON orders (user_id);
