-- expect: none
CREATE TYPE "public"."order_status" AS ENUM('pending', 'paid', 'shipped');--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"status" "order_status" DEFAULT 'pending' NOT NULL
);
