-- expect: none
ALTER TABLE "users" ADD COLUMN "display_name" text;--> statement-breakpoint
-- sleet:ignore renaming-column the app reads both names since release 41
ALTER TABLE "users" RENAME COLUMN "nick" TO "handle";
