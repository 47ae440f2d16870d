-- expect: ban-drop-column, adding-required-field, constraint-missing-not-valid, adding-foreign-key-constraint, require-concurrent-index-creation
ALTER TABLE "posts" DROP COLUMN "draft_body";--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "author_id" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "posts_author_idx" ON "posts" USING btree ("author_id");
