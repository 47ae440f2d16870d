-- expect: require-concurrent-index-creation
CREATE INDEX "Users_Email_idx" ON "app"."Users" USING btree ("Email");
