// split_schema_and_data (tests/support/realworld_files.h): how an upstream schema file's data
// and re-run scaffolding are separated from its schema statements, as a team adopting sleet
// would separate them (schema files refuse data by contract).
#include <gtest/gtest.h>

#include <algorithm>

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
