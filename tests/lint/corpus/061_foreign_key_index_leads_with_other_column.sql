-- expect: foreign-key-without-index, foreign-key-without-index
-- (tenant_id, order_id) is led by (tenant_id, created_at): not covering; a partial index
-- on customer_id holds only some rows.
CREATE TABLE order_lines (
  id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  tenant_id bigint NOT NULL,
  order_id bigint NOT NULL,
  customer_id bigint,
  created_at timestamptz NOT NULL,
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id),
  FOREIGN KEY (customer_id) REFERENCES customers (id)
);
CREATE INDEX order_lines_tenant_created ON order_lines (tenant_id, created_at, order_id);
CREATE INDEX order_lines_customer ON order_lines (customer_id) WHERE customer_id IS NOT NULL;
