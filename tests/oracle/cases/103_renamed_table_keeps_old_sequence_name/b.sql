-- As pg_dump writes a database where orders was renamed to purchases.
CREATE TABLE purchases (id integer NOT NULL, total integer);
CREATE SEQUENCE orders_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE
  CACHE 1;
ALTER SEQUENCE orders_id_seq OWNED BY purchases.id;
ALTER TABLE ONLY purchases ALTER COLUMN id SET DEFAULT nextval('orders_id_seq'::regclass);
ALTER TABLE ONLY purchases ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
