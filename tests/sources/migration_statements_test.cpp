// apply_migration_sql: a migration's statements applied in order to the schema before it (the
// DDL of custom migrations joins the state generate, check and status start from).
#include <gtest/gtest.h>

#include <algorithm>

#include "schema_test_support.h"

namespace sleet::testing {
namespace {

const char* kBase = R"(
CREATE SCHEMA shop;
CREATE TYPE shop.status AS ENUM ('new', 'paid');
CREATE TABLE shop.customers (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (
  id serial PRIMARY KEY,
  customer_id integer REFERENCES shop.customers (id),
  status shop.status NOT NULL DEFAULT 'new',
  note text
);
CREATE INDEX orders_status_idx ON orders (status);
)";

ParseReport apply(const std::string& sql, Schema base = parse(kBase)) {
  return apply_migration_sql(std::move(base), {SchemaSource{"0003_manual.sql", sql}},
                             "meta/0002_snapshot.json");
}

bool has_note(const ParseReport& report, const std::string& text) {
  return std::any_of(report.notes.begin(), report.notes.end(),
                     [&](const std::string& note) { return note.find(text) != std::string::npos; });
}

TEST(MigrationStatements, ApplyInOrderOnTopOfTheSchemaBefore) {
  ParseReport report = apply(R"(-- Custom SQL migration file, put your code below! --
CREATE INDEX orders_note_idx ON orders (note) WHERE note IS NOT NULL;
CREATE INDEX ON orders (customer_id);
ALTER TABLE orders ADD COLUMN total numeric(10, 2) DEFAULT '0';
ALTER TYPE shop.status ADD VALUE 'refunded' BEFORE 'paid';
ALTER TYPE shop.status ADD VALUE IF NOT EXISTS 'new';
CREATE TABLE audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, order_id int REFERENCES orders);
DROP INDEX orders_status_idx;
COMMENT ON TABLE orders IS 'what customers bought';
)");
  const Table& orders = table_of(report.schema, "orders");
  ASSERT_TRUE(orders.indexes.contains("orders_note_idx"));
  ASSERT_TRUE(orders.indexes.at("orders_note_idx").where.has_value());
  // The server's default name for an unnamed index.
  EXPECT_TRUE(orders.indexes.contains("orders_customer_id_idx"));
  EXPECT_FALSE(orders.indexes.contains("orders_status_idx"));
  EXPECT_NE(orders.find_column("total"), nullptr);
  EXPECT_EQ(orders.comment, "what customers bought");
  EXPECT_EQ(report.schema.enums.at({"shop", "status"}).values,
            (std::vector<std::string>{"new", "refunded", "paid"}));
  const Table& audit = table_of(report.schema, "audit");
  ASSERT_EQ(audit.foreign_keys.size(), 1u);
  EXPECT_EQ(audit.foreign_keys.begin()->second.referenced_columns, std::vector<std::string>{"id"});
  EXPECT_TRUE(report.notes.empty()) << report.notes.front();
}

// A name the snapshot holds takes the next default name, as the server chooses it.
TEST(MigrationStatements, DefaultNamesAvoidNamesTheSchemaHolds) {
  ParseReport report = apply("CREATE INDEX ON orders (status);\n");
  const Table& orders = table_of(report.schema, "orders");
  EXPECT_TRUE(orders.indexes.contains("orders_status_idx1"));
}

// What the schema already holds (IF NOT EXISTS, or a later snapshot that declared it) is
// kept as it is, silently.
TEST(MigrationStatements, ObjectsTheSchemaHoldsAreKept) {
  ParseReport report = apply(R"(
CREATE INDEX IF NOT EXISTS orders_status_idx ON orders (status, note);
CREATE TABLE IF NOT EXISTS orders (id int);
CREATE SCHEMA IF NOT EXISTS shop;
CREATE TYPE shop.status AS ENUM ('other');
)");
  const Table& orders = table_of(report.schema, "orders");
  EXPECT_EQ(orders.indexes.at("orders_status_idx").elements.size(), 1u);
  EXPECT_EQ(orders.columns.size(), 4u);
  EXPECT_EQ(report.schema.enums.at({"shop", "status"}).values.size(), 2u);
  EXPECT_TRUE(report.notes.empty()) << report.notes.front();
}

// What the model does not hold is noted with its place (a rule is held); data statements pass silently; a
// statement that cannot apply leaves nothing half applied.
TEST(MigrationStatements, WhatCannotBeFoldedIsNotedWithItsPlace) {
  ParseReport report = apply(R"(INSERT INTO shop.customers (name) VALUES ('first');
UPDATE orders SET note = 'x';
CREATE RULE r AS ON DELETE TO orders DO INSTEAD NOTHING;
CREATE TABLE broken (id int PRIMARY KEY, ref int REFERENCES nowhere (id));
CREATE INDEX gone_idx ON dropped_table (id);
DO $$ BEGIN PERFORM 1; END $$;
)");
  EXPECT_FALSE(report.schema.tables.contains({"public", "broken"}));
  // A rule is folded like the schema files' (it was noted and left out before rules were
  // modelled).
  EXPECT_TRUE(table_of(report.schema, "orders").rules.contains("r"));
  EXPECT_FALSE(has_note(report, "0003_manual.sql:3:"));
  EXPECT_TRUE(has_note(report,
                       "0003_manual.sql:4:1: statement left out: table public.nowhere "
                       "referenced by foreign key"));
  EXPECT_TRUE(has_note(report, "0003_manual.sql:5:"));
  EXPECT_TRUE(has_note(report, "dropped_table does not exist"));
  EXPECT_TRUE(has_note(report, "0003_manual.sql:6:1: DO block left out"));
  EXPECT_FALSE(has_note(report, "INSERT"));
  EXPECT_FALSE(has_note(report, "UPDATE"));
  EXPECT_EQ(report.notes.size(), 3u);
  // The table can be created by a later statement: nothing of the failed one stayed.
  ParseReport again = apply("CREATE TABLE broken (id int);\nCREATE TABLE broken (x int);\n");
  EXPECT_NE(table_of(again.schema, "broken").find_column("id"), nullptr);
}

// Several migrations apply one after the other; an ALTER TABLE whose second action fails
// leaves the table as it was before the first.
TEST(MigrationStatements, FilesApplyInTurnAndAFailedAlterLeavesTheTableAsItWas) {
  ParseReport report = apply_migration_sql(
      parse(kBase),
      {SchemaSource{"0003_a.sql", "CREATE TABLE notes (id int PRIMARY KEY, body text);\n"},
       SchemaSource{"0005_b.sql",
                    "CREATE INDEX notes_body_idx ON notes (body);\n"
                    "ALTER TABLE orders ADD COLUMN extra int, ADD CONSTRAINT orders_extra_fk "
                    "FOREIGN KEY (extra) REFERENCES nowhere (id);\n"}},
      "meta/0002_snapshot.json");
  EXPECT_TRUE(table_of(report.schema, "notes").indexes.contains("notes_body_idx"));
  EXPECT_EQ(table_of(report.schema, "orders").find_column("extra"), nullptr);
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_NE(report.notes[0].find("0005_b.sql:2:1: statement left out"), std::string::npos)
      << report.notes[0];
}

TEST(MigrationStatements, DroppingATableDropsTheForeignKeysToIt) {
  ParseReport report = apply("DROP TABLE shop.customers CASCADE;\nDROP TABLE IF EXISTS nothing;\n");
  EXPECT_FALSE(report.schema.tables.contains({"shop", "customers"}));
  EXPECT_TRUE(table_of(report.schema, "orders").foreign_keys.empty());
}

TEST(MigrationStatements, ASyntaxErrorIsAnError) {
  try {
    apply("CREATE INDEX ON orders (;\n");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_NE(error.where().find("0003_manual.sql:1:"), std::string::npos) << error.where();
  }
}

// A partitioned table's index built online in a custom migration: ON ONLY the parent, each
// partition's concurrently, then attached. The partition's index is then the parent's, as the
// inspector reads it.
TEST(MigrationStatements, AnIndexAttachedToItsParentsLeavesThePartition) {
  Schema base = parse(
      "CREATE TABLE events (at date NOT NULL, kind text) PARTITION BY RANGE (at);\n"
      "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO "
      "('2025-01-01');\n");
  ParseReport report = apply(R"(CREATE INDEX events_kind ON ONLY events (kind);
CREATE INDEX CONCURRENTLY events_2024_kind ON events_2024 (kind);
ALTER INDEX events_kind ATTACH PARTITION events_2024_kind;
)",
                             base);
  EXPECT_TRUE(table_of(report.schema, "events").indexes.contains("events_kind"));
  EXPECT_TRUE(table_of(report.schema, "events_2024").indexes.empty());
}

}  // namespace
}  // namespace sleet::testing
