// UNLOGGED tables, table storage parameters (WITH, ALTER TABLE SET/RESET, SET [UN]LOGGED) and
// EXCLUDE constraints in schema files.
#include <gtest/gtest.h>

#include "schema_test_support.h"

namespace sleet::testing {
namespace {

TEST(SchemaTableStorage, UnloggedAndStorageParametersAreModelled) {
  Schema schema = parse(R"(
    CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v text)
      WITH (fillfactor=70, autovacuum_enabled=false);
    CREATE TABLE plain (a int);)");
  const Table& cache = table_of(schema, "cache");
  EXPECT_TRUE(cache.unlogged);
  EXPECT_EQ(cache.with, (std::map<std::string, std::string>{{"autovacuum_enabled", "false"},
                                                            {"fillfactor", "70"}}));
  EXPECT_FALSE(table_of(schema, "plain").unlogged);
  EXPECT_TRUE(table_of(schema, "plain").with.empty());
}

TEST(SchemaTableStorage, AlterTableSetsAndResetsWhatCreateTableDeclared) {
  Schema schema = parse(R"(
    CREATE TABLE t (a int) WITH (fillfactor=70, autovacuum_enabled=false);
    ALTER TABLE t SET UNLOGGED;
    ALTER TABLE t SET (fillfactor=50, toast_tuple_target=256), RESET (autovacuum_enabled);
    CREATE UNLOGGED TABLE u (a int);
    ALTER TABLE u SET LOGGED;)");
  const Table& t = table_of(schema, "t");
  EXPECT_TRUE(t.unlogged);
  EXPECT_EQ(t.with, (std::map<std::string, std::string>{{"fillfactor", "50"},
                                                        {"toast_tuple_target", "256"}}));
  EXPECT_FALSE(table_of(schema, "u").unlogged);
}

TEST(SchemaTableStorage, ToastParametersAreRefusedWhereWritten) {
  Error error = parse_error("\nCREATE TABLE t (a int) WITH (toast.autovacuum_enabled=false);");
  EXPECT_NE(std::string(error.what()).find("toast.autovacuum_enabled"), std::string::npos)
      << error.what();
  EXPECT_TRUE(error.where().starts_with("schema.sql:2:")) << error.where();
  EXPECT_FALSE(error.hint().empty());
}

// Files written before PostgreSQL 12 (ulogd2's) say WITH (OIDS=FALSE): the server accepts it in
// CREATE TABLE and stores nothing, so neither does the model; WITH OIDS is refused as the
// server refuses it.
TEST(SchemaTableStorage, OidsFalseIsNotedAndIgnoredOidsTrueRefused) {
  ParseReport report = parse_schema_sources(
      {{"schema.sql", "CREATE TABLE t (a int) WITH (OIDS=FALSE, fillfactor=70);"}});
  EXPECT_EQ(table_of(report.schema, "t").with,
            (std::map<std::string, std::string>{{"fillfactor", "70"}}));
  EXPECT_EQ(report.notes, (std::vector<std::string>{
                              "schema.sql:1:30: WITH (oids=false) ignored: tables have no OIDs"}));
  for (const char* sql :
       {"\nCREATE TABLE t (a int) WITH (oids=true);", "\nCREATE TABLE t (a int) WITH (oids);"}) {
    Error error = parse_error(sql);
    EXPECT_NE(std::string(error.what()).find("OIDS"), std::string::npos) << error.what();
    EXPECT_EQ(error.where(), "schema.sql:2:30");
  }
}

TEST(SchemaExclusions, ElementsOperatorsAndOptions) {
  Schema schema = parse(R"(
    CREATE TABLE bookings (
      room int NOT NULL,
      during tsrange NOT NULL,
      cancelled boolean NOT NULL DEFAULT false,
      EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (NOT cancelled),
      CONSTRAINT by_name EXCLUDE USING gist (lower(room::text) WITH =) INCLUDE (during)
        WITH (fillfactor=80) DEFERRABLE INITIALLY DEFERRED
    );
    ALTER TABLE bookings ADD EXCLUDE (room WITH OPERATOR(pg_catalog.=));)");
  const Table& t = table_of(schema, "bookings");
  ASSERT_EQ(t.exclusion_constraints.size(), 3u);
  // Named as the server names the index: <table>_<columns>_excl, then excl1.
  const ExclusionConstraint& first = t.exclusion_constraints.at("bookings_room_during_excl");
  EXPECT_EQ(first.method, "gist");
  ASSERT_EQ(first.elements.size(), 2u);
  EXPECT_EQ(first.elements[0].column, "room");
  EXPECT_EQ(first.operators, (std::vector<std::string>{"=", "&&"}));
  ASSERT_TRUE(first.where);
  EXPECT_EQ(first.where->canonical, "NOT cancelled");
  EXPECT_FALSE(first.deferrable);
  const ExclusionConstraint& named = t.exclusion_constraints.at("by_name");
  ASSERT_TRUE(named.elements[0].expression);
  EXPECT_EQ(named.include, std::vector<std::string>{"during"});
  EXPECT_EQ(named.with.at("fillfactor"), "80");
  EXPECT_TRUE(named.deferrable);
  EXPECT_TRUE(named.initially_deferred);
  const ExclusionConstraint& added = t.exclusion_constraints.at("bookings_room_excl");
  EXPECT_EQ(added.method, "btree");  // the server's default without USING
  EXPECT_EQ(added.operators, std::vector<std::string>{"="});
}

TEST(SchemaExclusions, UnknownColumnsAndDuplicateNamesAreErrorsWhereWritten) {
  Error column = parse_error("CREATE TABLE t (a int,\n  EXCLUDE USING gist (b WITH =));");
  EXPECT_NE(std::string(column.what()).find("column b does not exist"), std::string::npos)
      << column.what();
  EXPECT_TRUE(column.where().starts_with("schema.sql:")) << column.where();
  Error twice = parse_error(
      "CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0), CONSTRAINT c EXCLUDE (a WITH =));");
  EXPECT_NE(std::string(twice.what()).find("defined twice"), std::string::npos) << twice.what();
}

}  // namespace
}  // namespace sleet::testing
