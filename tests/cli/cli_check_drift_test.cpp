// `sleet check` as a CI guard: schema files changed without a generated migration fail it.
#include <gtest/gtest.h>

#include "support/test_files.h"

namespace sleet::testing {
namespace {

TEST(CliCheck, SchemaChangesWithoutAMigrationAreDrift) {
  TemporaryDirectory dir;
  dir.write("sleet.toml", "schema = \"schema/*.sql\"\nout = \"drizzle\"\n");
  dir.write("schema/a.sql", "CREATE TABLE t (id int PRIMARY KEY);\n");
  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.err;

  auto clean = run_sleet("check", dir.path());
  EXPECT_EQ(clean.exit_code, 0) << clean.err;

  dir.write("schema/a.sql", "CREATE TABLE t (id int PRIMARY KEY, name text);\n");
  auto drift = run_sleet("check", dir.path());
  EXPECT_EQ(drift.exit_code, 1);
  EXPECT_NE(drift.err.find("the schema files differ from the latest migration"), std::string::npos)
      << drift.err;
  EXPECT_NE(drift.err.find("ADD COLUMN \"name\" text"), std::string::npos) << drift.err;
  EXPECT_NE(drift.err.find("sleet generate"), std::string::npos) << drift.err;

  auto regenerated = run_sleet("generate --name add_name", dir.path());
  ASSERT_EQ(regenerated.exit_code, 0) << regenerated.err;
  EXPECT_EQ(run_sleet("check", dir.path()).exit_code, 0);
}

}  // namespace
}  // namespace sleet::testing
