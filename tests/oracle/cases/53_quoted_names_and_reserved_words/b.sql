CREATE TYPE "Kind" AS ENUM ('A', 'b', 'it''s', 'C "quoted"');
CREATE TABLE "user" (id integer PRIMARY KEY, "group" varchar(50) NOT NULL DEFAULT 'none', "Mixed Case" bigint, "Kind" "Kind");
CREATE TABLE "order" (id integer PRIMARY KEY, "user" integer REFERENCES "user" ON DELETE CASCADE, "limit" integer CHECK ("limit" > 0));
CREATE TABLE "Select" ("From" integer PRIMARY KEY, "where" text, "Table" text UNIQUE);
CREATE INDEX "Order Index" ON "order" ("user", "limit");
COMMENT ON COLUMN "Select"."where" IS 'it''s a reserved word';
