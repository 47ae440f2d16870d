-- expect: foreign-key-without-index
-- orders_user (in the snapshot) covers user_id; nothing covers coupon_id.
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_coupon_fk FOREIGN KEY (coupon_id) REFERENCES coupons (id) NOT VALID;
