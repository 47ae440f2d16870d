// Running the pinned drizzle-kit (tests/fixtures/drizzle, npm ci on first use) from tests,
// and comparing what it built with what sleet built.
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {

// Runs `command` in a shell; its output, prefixed with "FAILED: " when it exits non-zero.
inline std::string shell(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return output;
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int status = pclose(pipe);
  if (status != 0) output = "FAILED: " + output;
  return output;
}

inline std::filesystem::path fixture() {
  return source_dir() / "tests/fixtures/drizzle";
}

// drizzle-kit 1.0 (tests/fixtures/drizzle1, pinned at 1.0.0-rc.5).
inline std::filesystem::path kit1_fixture() {
  return source_dir() / "tests/fixtures/drizzle1";
}

// drizzle-kit 1.0 ARGUMENTS on folder `out` with schema state `schema` (a .ts file there),
// against `database` when one is named.
inline std::string kit1(const std::filesystem::path& out, const std::string& schema,
                        const std::string& arguments, const std::string& database = "") {
  std::string url =
      database.empty() ? "" : fmt::format("SLEET_FIXTURE_URL='{}' ", test_cluster().url(database));
  return shell(fmt::format("{}'{}/kit.sh' '{}' {} {}", url, kit1_fixture().string(), out.string(),
                           schema, arguments));
}

// Tracking rows as drizzle-orm 1.0 has them: "hash created_at name", by id.
inline std::vector<std::string> v3_tracking_rows(const std::string& database) {
  auto result = test_cluster().execute(
      "select hash || ' ' || created_at || ' ' || coalesce(name, '<null>') from "
      "drizzle.__drizzle_migrations order by id",
      database);
  std::vector<std::string> rows;
  for (int i = 0; i < result.rows(); ++i) rows.emplace_back(result.value(i, 0));
  return rows;
}

inline std::string drizzle_kit_migrate(const std::filesystem::path& out, const std::string& database) {
  return shell(fmt::format("SLEET_FIXTURE_URL='{}' '{}/kit.sh' '{}' migrate_v2.ts migrate",
                           test_cluster().url(database), fixture().string(), out.string()));
}

// "name|hash|created_at" of every row of the default tracking table, by id: the columns
// drizzle-orm 1.0 writes ("<null>" for a row without a name).
inline std::vector<std::string> named_tracking_rows(const std::string& database) {
  auto result = test_cluster().execute(
      "select coalesce(name, '<null>') || '|' || hash || '|' || created_at from "
      "drizzle.__drizzle_migrations order by id",
      database);
  std::vector<std::string> rows;
  for (int i = 0; i < result.rows(); ++i) rows.emplace_back(result.value(i, 0));
  return rows;
}

// Columns of every table but sleet's own history table, to compare schemas.
inline std::string schema_outline(const std::string& database) {
  return std::string(test_cluster()
                         .execute("select string_agg(c, ',' order by c) from (select table_schema "
                                  "|| '.' || table_name || '.' || column_name || ':' || data_type "
                                  "as c from information_schema.columns where table_schema not in "
                                  "('pg_catalog', 'information_schema') and table_name <> "
                                  "'__sleet_migrations_history') columns",
                                  database)
                         .value(0, 0));
}


// drizzle-kit ARGUMENTS with schema state `schema` (a .ts file of the fixture) and `out` as
// the migration folder.
inline std::string drizzle_kit(const std::filesystem::path& out, const std::string& schema,
                               const std::string& arguments) {
  return shell(fmt::format("'{}/kit.sh' '{}' {} {}", fixture().string(), out.string(), schema,
                           arguments));
}

}  // namespace sleet::testing
