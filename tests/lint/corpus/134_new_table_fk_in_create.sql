-- expect: foreign-key-without-index
CREATE TABLE "likes" (
	"user_id" bigint NOT NULL REFERENCES "users"("id"),
	"post_id" bigint NOT NULL REFERENCES "posts"("id"),
	"created_at" timestamptz DEFAULT now() NOT NULL,
	CHECK ("user_id" > 0),
	UNIQUE ("user_id", "post_id")
);
