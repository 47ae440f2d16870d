-- expect: foreign-key-without-index
CREATE TABLE wallets (id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY);
ALTER TABLE wallets ADD COLUMN owner_id bigint NOT NULL REFERENCES users (id);
ALTER TABLE wallets ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();
