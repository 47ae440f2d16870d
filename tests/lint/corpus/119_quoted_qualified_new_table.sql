-- expect: none
CREATE TABLE "app"."Users" ("Id" bigint PRIMARY KEY, "Email" text);
CREATE INDEX "Users_Email_idx" ON "app"."Users" ("Email");
ALTER TABLE "app"."Users" ADD CONSTRAINT "Users_Email_key" UNIQUE ("Email");
