-- expect: none
CREATE TABLE api_keys (id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY);
ALTER TABLE api_keys ADD COLUMN key uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX api_keys_key_idx ON api_keys (key);
