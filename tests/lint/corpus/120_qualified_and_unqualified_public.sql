-- expect: none
CREATE TABLE public.webhooks (id bigint PRIMARY KEY, url text, secret text);
CREATE INDEX webhooks_url_idx ON webhooks (url);
ALTER TABLE "webhooks" ALTER COLUMN "secret" SET NOT NULL;
