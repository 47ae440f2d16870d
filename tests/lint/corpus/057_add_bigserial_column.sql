-- expect: adding-field-with-default, prefer-identity
ALTER TABLE "events" ADD COLUMN "seq" bigserial NOT NULL;
