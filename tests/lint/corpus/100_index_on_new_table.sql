-- expect: none
CREATE TABLE "comments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"post_id" bigint NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamptz DEFAULT now() NOT NULL
);
CREATE INDEX "comments_post_idx" ON "comments" USING btree ("post_id");
