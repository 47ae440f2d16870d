CREATE SCHEMA "auth";--> statement-breakpoint
CREATE SCHEMA "users";--> statement-breakpoint
CREATE TYPE "auth"."token_kind" AS ENUM ('email_verify', 'password_reset', 'api');--> statement-breakpoint
CREATE TYPE "auth"."user_role" AS ENUM ('user', 'admin', 'moderator');--> statement-breakpoint
CREATE TYPE "users"."profile_visibility" AS ENUM ('public', 'contacts', 'private');--> statement-breakpoint
CREATE SEQUENCE "users"."invite_code_seq" INCREMENT BY 7 MINVALUE 100000 MAXVALUE 999999999 CACHE 10;--> statement-breakpoint
CREATE TABLE "auth"."sessions" (
	"id" bigint GENERATED ALWAYS AS IDENTITY (START WITH 1000) NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"ip" inet,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sessions_pkey" PRIMARY KEY ("id"),
	CONSTRAINT "sessions_token_hash_key" UNIQUE ("token_hash"),
	CONSTRAINT "sessions_expiry_after_creation" CHECK (expires_at > created_at)
);--> statement-breakpoint
CREATE TABLE "auth"."tokens" (
	"user_id" uuid NOT NULL,
	"kind" "auth"."token_kind" NOT NULL,
	"token_hash" text NOT NULL,
	"used_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tokens_pk" PRIMARY KEY ("user_id", "kind", "token_hash")
);--> statement-breakpoint
CREATE TABLE "auth"."users" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"username" character varying(32) NOT NULL,
	"password_hash" text,
	"role" "auth"."user_role" DEFAULT 'user' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"login_count" integer DEFAULT 0 NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
	CONSTRAINT "users_username_key" UNIQUE ("username"),
	CONSTRAINT "users_username_len" CHECK (char_length(username) >= 3)
);--> statement-breakpoint
CREATE TABLE "public"."audit_log" (
	"id" serial NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"payload" jsonb,
	"at" timestamp without time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);--> statement-breakpoint
CREATE TABLE "users"."contacts" (
	"owner_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"nickname" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contacts_pkey" PRIMARY KEY ("owner_id", "contact_id"),
	CONSTRAINT "contacts_no_self" CHECK (owner_id <> contact_id)
);--> statement-breakpoint
CREATE TABLE "users"."profiles" (
	"user_id" uuid NOT NULL,
	"display_name" character varying(64) NOT NULL,
	"bio" text,
	"visibility" "users"."profile_visibility" DEFAULT 'public' NOT NULL,
	"settings" jsonb DEFAULT '{"theme":"light"}'::jsonb NOT NULL,
	"interests" character varying(40)[],
	"reputation" numeric(10,2) DEFAULT 0.00,
	"level" smallint DEFAULT 1,
	"search_name" text GENERATED ALWAYS AS (lower(display_name)) STORED,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "profiles_pkey" PRIMARY KEY ("user_id"),
	CONSTRAINT "profiles_level_check" CHECK (level BETWEEN 1 AND 100)
);--> statement-breakpoint
CREATE INDEX "sessions_user_id_idx" ON "auth"."sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "tokens_unused_idx" ON "auth"."tokens" USING btree ("expires_at") WHERE (used_at IS NULL);--> statement-breakpoint
CREATE INDEX "users_created_at_idx" ON "auth"."users" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_active_uq" ON "auth"."users" USING btree ((lower(email))) WHERE (deleted_at IS NULL);--> statement-breakpoint
CREATE INDEX "users_tags_gin" ON "auth"."users" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "audit_log_actor_at_idx" ON "public"."audit_log" USING btree ("actor_id", "at" DESC);--> statement-breakpoint
CREATE INDEX "audit_log_payload_gin" ON "public"."audit_log" USING gin ("payload" jsonb_path_ops);--> statement-breakpoint
ALTER TABLE "auth"."sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "auth"."users" ("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth"."tokens" ADD CONSTRAINT "tokens_user_fk" FOREIGN KEY ("user_id") REFERENCES "auth"."users" ("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public"."audit_log" ADD CONSTRAINT "audit_log_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "auth"."users" ("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."contacts" ADD CONSTRAINT "contacts_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "auth"."users" ("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."contacts" ADD CONSTRAINT "contacts_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "auth"."users" ("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."profiles" ADD CONSTRAINT "profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "auth"."users" ("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "users"."profiles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE VIEW "users"."active_profiles" AS SELECT user_id, display_name, visibility FROM users.profiles WHERE visibility = 'public';--> statement-breakpoint
CREATE MATERIALIZED VIEW "users"."profile_stats" AS SELECT visibility, count(*)::int AS total FROM users.profiles GROUP BY visibility;--> statement-breakpoint
CREATE POLICY "profiles_public_read" ON "users"."profiles" FOR SELECT USING (visibility = 'public');--> statement-breakpoint
COMMENT ON TABLE "auth"."users" IS 'One row per account.';;--> statement-breakpoint
COMMENT ON COLUMN "auth"."users"."deleted_at" IS 'Soft delete: set instead of deleting the row.';;