-- expect: none
-- A value added to an enum the same transaction created may be used at once.
CREATE TYPE "public"."mood" AS ENUM('sad', 'ok');--> statement-breakpoint
ALTER TYPE "public"."mood" ADD VALUE 'happy';--> statement-breakpoint
CREATE TABLE "moods" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"mood" "mood" DEFAULT 'happy' NOT NULL
);
