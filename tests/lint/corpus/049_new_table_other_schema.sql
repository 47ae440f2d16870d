-- expect: require-concurrent-index-creation
CREATE TABLE archive.items (id bigint PRIMARY KEY, title text);
CREATE INDEX items_title_idx ON public.items (title);
