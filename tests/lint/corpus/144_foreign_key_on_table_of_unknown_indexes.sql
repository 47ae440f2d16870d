-- expect: none
-- A file linted alone does not know the indexes orders already has: no finding (linted
-- in its folder, the previous snapshot says).
ALTER TABLE orders ADD CONSTRAINT orders_coupon_fk FOREIGN KEY (coupon_id) REFERENCES coupons (id) NOT VALID;
