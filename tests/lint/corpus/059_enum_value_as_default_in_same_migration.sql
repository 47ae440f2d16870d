-- expect: ban-enum-value-use-in-same-transaction
ALTER TYPE "public"."plan" ADD VALUE 'trial' BEFORE 'basic';--> statement-breakpoint
ALTER TABLE "accounts" ALTER COLUMN "plan" SET DEFAULT 'trial';
