-- expect: none
-- orders_coupon, built by 0001, now covers the key.
ALTER TABLE orders ADD CONSTRAINT orders_coupon_again_fk FOREIGN KEY (coupon_id) REFERENCES coupons (id) NOT VALID;
