-- expect: require-concurrent-index-creation
CREATE UNIQUE INDEX IF NOT EXISTS accounts_slug_key ON accounts USING btree (slug);
