-- expect: none
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_owner_nn" CHECK ("owner_id" IS NOT NULL) NOT VALID;--> statement-breakpoint
ALTER TABLE "accounts" VALIDATE CONSTRAINT "accounts_owner_nn";--> statement-breakpoint
ALTER TABLE "accounts" ALTER COLUMN "owner_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" DROP CONSTRAINT "accounts_owner_nn";
