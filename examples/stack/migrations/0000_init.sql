CREATE TYPE "public"."todo_state" AS ENUM ('open', 'done');--> statement-breakpoint
CREATE TABLE "public"."app_users" (
	"id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text,
	"is_admin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_users_pkey" PRIMARY KEY ("id"),
	CONSTRAINT "app_users_email_key" UNIQUE ("email")
);--> statement-breakpoint
CREATE TABLE "public"."todos" (
	"id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
	"owner_id" bigint NOT NULL,
	"title" text NOT NULL,
	"state" "public"."todo_state" DEFAULT 'open' NOT NULL,
	"due" date,
	CONSTRAINT "todos_pkey" PRIMARY KEY ("id"),
	CONSTRAINT "todos_title_check" CHECK (length(title) > 0)
);--> statement-breakpoint
CREATE INDEX "todos_open_by_owner" ON "public"."todos" USING btree ("owner_id") WHERE (state = 'open');--> statement-breakpoint
ALTER TABLE "public"."todos" ADD CONSTRAINT "todos_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "public"."app_users" ("id") ON DELETE cascade ON UPDATE no action;