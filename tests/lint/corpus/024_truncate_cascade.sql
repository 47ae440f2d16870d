-- expect: ban-truncate-cascade
TRUNCATE TABLE carts CASCADE;
