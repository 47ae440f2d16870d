CREATE TABLE "user" (id integer PRIMARY KEY, "group" text, "Mixed Case" integer);
CREATE TABLE "order" (id integer PRIMARY KEY, "user" integer REFERENCES "user");
CREATE TABLE "Select" ("From" integer PRIMARY KEY, "where" text);
CREATE TYPE "Kind" AS ENUM ('A', 'b', 'it''s');
