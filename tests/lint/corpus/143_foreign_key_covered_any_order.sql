-- expect: none
-- Each foreign key is covered: by an index led by its columns in another order, by the
-- primary key, by a UNIQUE, by an index made later in the file.
CREATE TABLE shipments (
  tenant_id bigint NOT NULL,
  order_id bigint NOT NULL REFERENCES orders (id),
  carrier_id bigint NOT NULL,
  warehouse_id bigint UNIQUE REFERENCES warehouses (id),
  PRIMARY KEY (order_id, tenant_id),
  FOREIGN KEY (tenant_id, carrier_id) REFERENCES carriers (tenant_id, id)
);
CREATE INDEX shipments_carrier ON shipments (carrier_id, tenant_id, order_id);
