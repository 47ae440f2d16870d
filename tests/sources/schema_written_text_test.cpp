// Expressions kept as the schema file spells them (Expression::text) beside the canonical form:
// the text drizzle-kit 1.0 compares byte for byte (docs/drizzle-kit-1.md).
#include <gtest/gtest.h>

#include "schema_test_support.h"

namespace sleet::testing {
namespace {

TEST(SchemaWrittenText, ChecksAndGeneratedColumnsKeepTheTextBetweenTheirParentheses) {
  Schema schema = parse(R"(
    CREATE TABLE "items" (
      "id" integer CHECK ( "id" > 0 ),
      "price" integer,
      "total" integer GENERATED ALWAYS AS (("price" * 2) + coalesce("id", 0)) STORED,
      CONSTRAINT "items_price" CHECK ((("price" >= 1)) AND length('a)') = 2)
    );
    ALTER TABLE items ADD CONSTRAINT items_more CHECK (price < /* at most */ 100);)");
  const Table& items = table_of(schema, "items");
  EXPECT_EQ(items.check_constraints.at("items_id_check").expression.text, "\"id\" > 0");
  const CheckConstraint& price = items.check_constraints.at("items_price");
  EXPECT_EQ(price.expression.text, "((\"price\" >= 1)) AND length('a)') = 2");
  EXPECT_EQ(price.expression.canonical, "price >= 1 AND length('a)') = 2");
  EXPECT_EQ(items.check_constraints.at("items_more").expression.text, "price < /* at most */ 100");
  EXPECT_EQ(items.find_column("total")->generated->text, "(\"price\" * 2) + coalesce(\"id\", 0)");
  // Comparisons stay with the canonical text: a spelling of the same check is equal.
  Schema other = parse(R"(
    CREATE TABLE items (id integer CHECK (id > 0), price integer,
      total integer GENERATED ALWAYS AS (price * 2 + coalesce(id, 0)) STORED,
      CONSTRAINT items_price CHECK (price >= 1 AND length('a)') = 2));
    ALTER TABLE items ADD CONSTRAINT items_more CHECK (price < 100);)");
  EXPECT_EQ(table_of(other, "items").check_constraints, items.check_constraints);
  EXPECT_EQ(*table_of(other, "items").find_column("total"), *items.find_column("total"));
}

TEST(SchemaWrittenText, IndexKeysAndWhereAsWritten) {
  Schema schema = parse(R"(
    CREATE TABLE "items" ("name" text, "qty" integer, "active" boolean);
    CREATE INDEX "items_lower" ON "items" USING btree (lower("name"), ("qty" + 1) DESC, qty);
    CREATE UNIQUE INDEX "items_partial" ON "items" ("qty") WHERE "active" AND "qty" > 0;
    CREATE INDEX items_wrapped ON items (public.lower(name) text_pattern_ops) WHERE (active);)");
  const Table& items = table_of(schema, "items");
  const Index& lower = items.indexes.at("items_lower");
  EXPECT_EQ(lower.elements[0].expression->text, "lower(\"name\")");
  EXPECT_EQ(lower.elements[1].expression->text, "\"qty\" + 1");
  EXPECT_TRUE(lower.elements[1].descending);
  EXPECT_EQ(lower.elements[2].column, "qty");
  EXPECT_EQ(items.indexes.at("items_partial").where->text, "\"active\" AND \"qty\" > 0");
  const Index& wrapped = items.indexes.at("items_wrapped");
  EXPECT_EQ(wrapped.elements[0].expression->text, "public.lower(name)");
  EXPECT_EQ(wrapped.where->text, "active");
  EXPECT_EQ(wrapped.where->canonical, "active");
}

TEST(SchemaWrittenText, DefaultsAsWrittenUpToTheColumnsNextClause) {
  Schema schema = parse(R"(
    CREATE TABLE "events" (
      "id" integer PRIMARY KEY,
      "due" timestamp with time zone DEFAULT now() + interval '1 day' NOT NULL,
      "utc" timestamp DEFAULT (now() AT TIME ZONE 'utc'),
      "tags" text[] DEFAULT '{}'::text[] CONSTRAINT tags_set CHECK (tags IS NOT NULL),
      "code" text DEFAULT lower('X') COLLATE "C",
      "at" timestamp DEFAULT CURRENT_TIMESTAMP);
    ALTER TABLE events ADD COLUMN "low" text DEFAULT upper('y') || '-' UNIQUE;
    ALTER TABLE events ALTER COLUMN "at" SET DEFAULT statement_timestamp(), ALTER COLUMN id
      SET DEFAULT 1 + 2;)");
  const Table& events = table_of(schema, "events");
  auto text = [&](const char* column) { return events.find_column(column)->default_value->text; };
  EXPECT_EQ(text("due"), "now() + interval '1 day'");
  EXPECT_TRUE(events.find_column("due")->not_null);
  EXPECT_EQ(text("utc"), "(now() AT TIME ZONE 'utc')");
  EXPECT_EQ(text("tags"), "'{}'::text[]");
  EXPECT_EQ(text("code"), "lower('X')");
  EXPECT_EQ(text("low"), "upper('y') || '-'");
  EXPECT_EQ(text("at"), "statement_timestamp()");
  EXPECT_EQ(text("id"), "1 + 2");
  // Compared by the canonical text: another spelling of the same default is equal.
  Schema other = parse(R"(
    CREATE TABLE events (id integer PRIMARY KEY DEFAULT 1+2,
      due timestamptz NOT NULL DEFAULT (now() + '1 day'::interval));)");
  EXPECT_EQ(*table_of(other, "events").find_column("id")->default_value,
            *events.find_column("id")->default_value);
}

TEST(SchemaWrittenText, PolicyExpressionsAsWritten) {
  Schema schema = parse(R"(
    CREATE TABLE "items" ("id" integer, "active" boolean);
    CREATE POLICY "items_read" ON "items" AS PERMISSIVE FOR ALL TO public
      USING ("items"."active" = true) WITH CHECK ((("id" > 0)));)");
  const Policy& policy = table_of(schema, "items").policies.at("items_read");
  EXPECT_EQ(policy.using_expression->text, "\"items\".\"active\" = true");
  EXPECT_EQ(policy.with_check->text, "((\"id\" > 0))");
  EXPECT_EQ(policy.with_check->canonical, "id > 0");
}

}  // namespace
}  // namespace sleet::testing
