CREATE SCHEMA "users";--> statement-breakpoint
CREATE TABLE "users"."profiles" (
	"account_id" uuid NOT NULL,
	"display_name" character varying(64) NOT NULL,
	"bio" text,
	"avatar_url" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "profiles_pkey" PRIMARY KEY ("account_id")
);--> statement-breakpoint
COMMENT ON TABLE "users"."profiles" IS 'One profile per auth account.';;