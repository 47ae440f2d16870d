CREATE SCHEMA "auth";--> statement-breakpoint
CREATE TYPE "auth"."account_status" AS ENUM ('active', 'locked', 'deleted');--> statement-breakpoint
CREATE TABLE "auth"."accounts" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"status" "auth"."account_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);--> statement-breakpoint
CREATE TABLE "auth"."sessions" (
	"id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
	"account_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sessions_pkey" PRIMARY KEY ("id"),
	CONSTRAINT "sessions_token_hash_key" UNIQUE ("token_hash"),
	CONSTRAINT "sessions_expiry_in_future" CHECK (expires_at > '2020-01-01'::timestamptz)
);--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_email_key" ON "auth"."accounts" USING btree ((lower(email)));--> statement-breakpoint
CREATE INDEX "sessions_account_idx" ON "auth"."sessions" USING btree ("account_id");--> statement-breakpoint
ALTER TABLE "auth"."sessions" ADD CONSTRAINT "sessions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "auth"."accounts" ("id") ON DELETE cascade ON UPDATE no action;