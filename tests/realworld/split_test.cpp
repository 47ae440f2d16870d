// split_schema_and_data (tests/support/realworld_files.h): how an upstream schema file's data
// and re-run scaffolding are separated from its schema statements, as a team adopting sleet
// would separate them (schema files refuse data by contract).
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "sleet/error.h"
#include "sleet/sources.h"
#include "support/realworld_files.h"

namespace sleet::testing {
namespace {

constexpr const char* kUpstream = R"sql(-- A product's install script
DROP TABLE IF EXISTS t CASCADE;
CREATE LANGUAGE plpgsql;
CREATE TABLE t (id int PRIMARY KEY, note text DEFAULT 'a;b');
-- Reference data
INSERT INTO t (id) VALUES (1);
CREATE FUNCTION bump() RETURNS void AS $$ UPDATE t SET id = id + 1; $$ LANGUAGE sql;
SELECT bump();
COPY t (id) FROM '/dev/null';
UPDATE t SET note = 'x'; DELETE FROM t WHERE id > 5;
)sql";

TEST(SplitSchemaAndData, DataGoesToTheSeedScaffoldingIsLeftOutLinesAreKept) {
  SplitSchemaFile split = split_schema_and_data(kUpstream, "dir/upstream.sql");

  EXPECT_EQ(split.seed,
            "-- upstream.sql:6\nINSERT INTO t (id) VALUES (1);\n"
            "-- upstream.sql:8\nSELECT bump();\n"
            "-- upstream.sql:9\nCOPY t (id) FROM '/dev/null';\n"
            "-- upstream.sql:10\nUPDATE t SET note = 'x';\n"
            "-- upstream.sql:10\nDELETE FROM t WHERE id > 5;\n");
  EXPECT_EQ(split.left_out,
            (std::vector<std::string>{
                "line 2: DROP ... IF EXISTS does nothing on an empty database",
                "line 3: plpgsql is built into PostgreSQL (since 9.0): creating it fails"}));

  // Same lines as upstream, the schema statements where they were.
  std::string text(kUpstream);
  EXPECT_EQ(std::count(split.schema.begin(), split.schema.end(), '\n'),
            std::count(text.begin(), text.end(), '\n'));
  EXPECT_EQ(split.schema.find("CREATE TABLE t"), text.find("CREATE TABLE t"));
  EXPECT_EQ(split.schema.find("CREATE FUNCTION bump"), text.find("CREATE FUNCTION bump"));
  for (const char* gone :
       {"DROP", "LANGUAGE plpgsql;", "INSERT", "SELECT", "COPY", "UPDATE t SET note", "DELETE"})
    EXPECT_EQ(split.schema.find(gone), std::string::npos) << gone << "\n" << split.schema;

  // What is left is a schema file sleet reads.
  Schema schema = parse_schema_sql(split.schema, "upstream.schema.sql");
  EXPECT_EQ(schema.tables.size(), 1u);
  EXPECT_EQ(schema.functions.size(), 1u);
}

TEST(SplitSchemaAndData, KeepsDropsWithoutIfExistsAndOtherLanguages) {
  const char* kept =
      "DROP TABLE t;\nCREATE LANGUAGE plperl;\nCREATE EXTENSION IF NOT EXISTS plpgsql;\n";
  SplitSchemaFile split = split_schema_and_data(kept, "f.sql");
  EXPECT_EQ(split.schema, kept);
  EXPECT_EQ(split.seed, "");
  EXPECT_TRUE(split.left_out.empty());
}

// pg_dump-style reference data: COPY ... FROM stdin and its lines up to `\.` are not SQL
// (psql sends the lines to the server). The seed gets the same rows as one INSERT per COPY
// (foreign keys between its rows checked at its end, as COPY's are), in file order
// with the other data statements; COPY's text format is decoded: \N is NULL, backslash
// escapes, the DELIMITER option.
TEST(SplitSchemaAndData, CopyFromStdinRowsBecomeInserts) {
  const char* upstream =
      "CREATE TABLE d (k text PRIMARY KEY, v text);\n"
      "INSERT INTO d VALUES ('first', '1');\n"
      "COPY d (k, v) FROM stdin WITH DELIMITER '|';\n"
      "timeout|90 minutes\n"
      "it's|\\N\n"
      "tab|a\\tb\\\\c\\|d\\101\n"
      "\\.\n"
      "CREATE TABLE e (n int);\n"
      "COPY e FROM stdin;\n"
      "7\n"
      "\\.\n";
  SplitSchemaFile split = split_schema_and_data(upstream, "f.sql");
  EXPECT_EQ(split.seed,
            "-- f.sql:2\nINSERT INTO d VALUES ('first', '1');\n"
            "-- f.sql:3 (COPY ... FROM stdin, as an INSERT)\n"
            "INSERT INTO \"d\" (\"k\", \"v\") VALUES\n"
            "  ('timeout', '90 minutes'),\n"
            "  ('it''s', NULL),\n"
            "  ('tab', 'a\tb\\c|dA');\n"
            "-- f.sql:9 (COPY ... FROM stdin, as an INSERT)\n"
            "INSERT INTO \"e\" VALUES\n  ('7');\n");
  EXPECT_EQ(split.schema, "CREATE TABLE d (k text PRIMARY KEY, v text);\n" + std::string(36, ' ') +
                              "\n" + std::string(44, ' ') + "\n" + std::string(18, ' ') + "\n" +
                              std::string(7, ' ') + "\n" + std::string(18, ' ') + "\n  \n" +
                              "CREATE TABLE e (n int);\n" + std::string(18, ' ') + "\n \n  \n");
  EXPECT_EQ(parse_schema_sql(split.schema, "f.schema.sql").tables.size(), 2u);
}

// What sleet refuses for now, named statement by statement with the reason, goes to the custom
// part (a custom migration), out of the schema; a name that matches no statement, or several,
// is an error, so the list stays exact when the upstream file changes.
TEST(SplitSchemaAndData, NamedStatementsGoToTheCustomMigration) {
  const char* upstream =
      "CREATE TABLE p (k int);\nCREATE TABLE c () INHERITS (p);\n"
      "-- the child's own\nALTER TABLE c ALTER COLUMN k SET DEFAULT 4;\n"
      "COMMENT ON COLUMN c.k IS $$a\nb$$;\n";
  SplitSchemaFile split = split_schema_and_data(
      upstream, "f.sql",
      {{"COMMENT ON COLUMN c.k", "comments differ"}, {"ALTER TABLE c ALTER", "defaults differ"}});
  EXPECT_EQ(split.custom,
            "-- f.sql:4: defaults differ\nALTER TABLE c ALTER COLUMN k SET DEFAULT 4;\n"
            "-- f.sql:5: comments differ\nCOMMENT ON COLUMN c.k IS $$a\nb$$;\n");
  EXPECT_EQ(split.seed, "");
  EXPECT_EQ(parse_schema_sql(split.schema, "f.schema.sql").tables.size(), 2u);
  EXPECT_THROW(split_schema_and_data(upstream, "f.sql", {{"ALTER TABLE d", "none"}}),
               std::runtime_error);
  EXPECT_THROW(split_schema_and_data(upstream, "f.sql", {{"CREATE TABLE", "two"}}),
               std::runtime_error);
}

TEST(SplitSchemaAndData, RefusesWhatOnlyPsqlReads) {
  // A psql meta-command is not SQL: the split refuses it at its place rather than guess.
  try {
    split_schema_and_data("CREATE TABLE t (id int);\n\\connect other\n", "f.sql");
    FAIL() << "a psql meta-command was accepted";
  } catch (const Error& e) {
    EXPECT_NE(e.describe().find("f.sql:2"), std::string::npos) << e.describe();
  }
}

}  // namespace
}  // namespace sleet::testing
