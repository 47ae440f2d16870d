// Helpers for the migrate tests: migration folders written in place, and reading the
// tracking table back.
#pragma once

#include <fmt/format.h>

#include <string>
#include <utility>
#include <vector>

#include "sleet/journal.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {

// (tag name, file text, when) per migration; written as drizzle-kit would (index prefix).
struct MigrationSpec {
  std::string name;
  std::string text;
  std::int64_t when;
};

inline MigrationFolder write_folder(const std::filesystem::path& out,
                                    const std::vector<MigrationSpec>& specs) {
  MigrationFolder folder = MigrationFolder::open_or_create(out);
  for (const auto& spec : specs) {
    folder.append({spec.name, {spec.text}, true, "", MigrationPrefix::Index, spec.when});
  }
  return folder;
}

// Tracking rows as "hash created_at" strings, by id.
inline std::vector<std::string> tracking_rows(
    const std::string& database,
    const std::string& table = "\"drizzle\".\"__drizzle_migrations\"") {
  auto result = test_cluster().execute(
      fmt::format("select hash || ' ' || created_at from {} order by id", table), database);
  std::vector<std::string> rows;
  for (int i = 0; i < result.rows(); ++i) rows.emplace_back(result.value(i, 0));
  return rows;
}

inline bool relation_exists(const std::string& database, const std::string& name) {
  return test_cluster()
             .execute(fmt::format("select to_regclass('{}') is not null", name), database)
             .value(0, 0) == "t";
}

inline CommandResult migrate_cli(const std::string& database, const std::filesystem::path& out,
                                 const std::string& extra = {}) {
  return run_sleet(fmt::format("migrate --url '{}' --out '{}' {}", test_cluster().url(database),
                               out.string(), extra),
                   out.parent_path());
}

}  // namespace sleet::testing
