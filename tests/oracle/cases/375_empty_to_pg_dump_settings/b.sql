--
-- PostgreSQL database dump (as pg_dump --schema-only writes a table with settings)
--

SET statement_timeout = 0;
SET lock_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET default_tablespace = '';
SET default_table_access_method = heap;

CREATE TABLE public.orders (
    id bigint NOT NULL,
    customer text NOT NULL,
    notes text COMPRESSION pglz,
    document jsonb,
    placed_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE ONLY public.orders ALTER COLUMN customer SET STATISTICS 800;
ALTER TABLE ONLY public.orders ALTER COLUMN document SET STORAGE EXTERNAL;
ALTER TABLE ONLY public.orders ALTER COLUMN customer SET (n_distinct=-0.1);

ALTER TABLE public.orders OWNER TO postgres;

CREATE TABLE public.order_lines (
    order_id bigint NOT NULL,
    line integer NOT NULL,
    sku text NOT NULL
);
ALTER TABLE ONLY public.order_lines REPLICA IDENTITY FULL;

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.order_lines
    ADD CONSTRAINT order_lines_pkey PRIMARY KEY (order_id, line);
CREATE INDEX orders_placed_at_idx ON public.orders USING btree (placed_at);
ALTER TABLE public.orders CLUSTER ON orders_placed_at_idx;
ALTER TABLE ONLY public.orders REPLICA IDENTITY USING INDEX orders_pkey;
ALTER TABLE ONLY public.order_lines
    ADD CONSTRAINT order_lines_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id);
