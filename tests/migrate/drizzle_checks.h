// Checks on a drizzle-kit folder that both drizzle-kit and sleet migrated: the two databases
// agree, status and diff find no drift, and pull then generate finds no change.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "drizzle_kit.h"
#include "migrate_test_support.h"
#include "support/catalog_fingerprint.h"

namespace sleet::testing {

// A folder drizzle/ in `dir`: drizzle-kit's first migration of migrate_v1.ts, then a custom
// migration `name` with `sql` written below the template line, as a team fills one in.
inline std::filesystem::path init_and_custom_migration(const TemporaryDirectory& dir,
                                                       const std::string& name,
                                                       const std::string& sql) {
  std::filesystem::path out = dir.path() / "drizzle";
  for (const std::string& arguments :
       {std::string("generate --name init"), "generate --custom --name " + name}) {
    std::string log = drizzle_kit(out, "migrate_v1.ts", arguments);
    if (log.starts_with("FAILED")) ADD_FAILURE() << log;
  }
  std::string file = "drizzle/0001_" + name + ".sql";
  dir.write(file, read_file(dir.path() / file) + "\n" + sql);
  return out;
}

// `sleet status` of `database` against the folder drizzle/ in `project`.
inline CommandResult status_against(const std::filesystem::path& project,
                                    const std::string& database) {
  return run_sleet(fmt::format("status --url '{}' --out drizzle", test_cluster().url(database)),
                   project);
}

// The folder `out` migrated by drizzle-kit and by sleet into two fresh databases named after
// `name`; the two must hold the same tracking rows and columns.
struct MigratedByBoth {
  std::string by_kit;
  std::string by_sleet;
};

inline MigratedByBoth migrate_with_both(const std::filesystem::path& out, const std::string& name) {
  MigratedByBoth both{test_cluster().fresh_database(name + "_kit"),
                      test_cluster().fresh_database(name + "_sleet")};
  std::string log = drizzle_kit_migrate(out, both.by_kit);
  EXPECT_FALSE(log.starts_with("FAILED")) << log;
  auto migrated = migrate_cli(both.by_sleet, out);
  EXPECT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_EQ(tracking_rows(both.by_sleet), tracking_rows(both.by_kit));
  EXPECT_EQ(schema_outline(both.by_sleet), schema_outline(both.by_kit));
  std::vector<std::string> kit_catalog = catalog_lines(test_cluster(), both.by_kit);
  EXPECT_EQ(catalog_lines(test_cluster(), both.by_sleet), kit_catalog)
      << catalog_difference(kit_catalog, catalog_lines(test_cluster(), both.by_sleet));
  return both;
}

// `sleet pull` of a copy of `database` (its tracking table emptied, schemas `schemas`),
// then: generate with the pulled files against the folder drizzle/ in `project` finds no
// change, and the pulled baseline applied to an empty database rebuilds `database`.
inline void expect_pull_agrees(const std::filesystem::path& project, const std::string& database,
                               const std::string& schemas = "\"public\"") {
  std::string copy = test_cluster().fresh_database(database + "_copy");
  test_cluster().execute(fmt::format("DROP DATABASE \"{}\"", copy));
  test_cluster().execute(fmt::format("CREATE DATABASE \"{}\" TEMPLATE \"{}\"", copy, database));
  test_cluster().execute("DROP SCHEMA IF EXISTS drizzle CASCADE", copy);
  TemporaryDirectory pulled;
  pulled.write("sleet.toml", fmt::format("url = \"{}\"\nschema_filter = [{}]\n",
                                         test_cluster().url(copy), schemas));
  auto pull = run_sleet("pull", pulled.path());
  ASSERT_EQ(pull.exit_code, 0) << pull.out << pull.err;
  TemporaryDirectory against;
  against.write("sleet.toml", fmt::format("schema = \"{}/schema/**/*.sql\"\nout = \"{}/drizzle\"\n",
                                          pulled.path().string(), project.string()));
  auto generated = run_sleet("generate --dry-run", against.path());
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_NE(generated.out.find("No schema changes"), std::string::npos)
      << "pulled files against the drizzle-kit folder:\n"
      << generated.out;
  std::string replay = test_cluster().fresh_database(database + "_replay");
  auto migrated = migrate_cli(replay, pulled.path() / "drizzle");
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  std::vector<std::string> expected = catalog_lines(test_cluster(), database);
  EXPECT_EQ(catalog_lines(test_cluster(), replay), expected)
      << catalog_difference(expected, catalog_lines(test_cluster(), replay));
}

// status finds no drift in `database` against the folder drizzle/ in `project`, and a diff
// from the folder to the database is empty.
inline void expect_no_drift(const std::filesystem::path& project, const std::string& database) {
  std::string url = test_cluster().url(database);
  auto status = status_against(project, database);
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("no drift"), std::string::npos) << status.out;
  auto diff = run_sleet(fmt::format("diff --from drizzle --to '{}'", url), project);
  EXPECT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_EQ(diff.out, "") << "no statement expected";
}

}  // namespace sleet::testing
