// What the drizzle-kit 1.0 (v3 folder) tests share: the last snapshot of a folder, deltas and
// footprints compared without what each tool spells its own way, and the check that both tools
// accept a folder sleet wrote and find nothing more to write.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "drizzle_kit.h"
#include "migrate_test_support.h"

namespace sleet::testing {

// The snapshot.json of the folder's last migration.
inline nlohmann::json last_snapshot(const std::filesystem::path& out) {
  MigrationFolder folder = MigrationFolder::open(out);
  return nlohmann::json::parse(
      read_file(out / folder.migrations().back().entry.tag / "snapshot.json"));
}

// The members of `array`, each as JSON text, sorted: the two tools order some deltas apart.
inline std::vector<std::string> sorted_dumps(const nlohmann::json& array) {
  std::vector<std::string> out;
  for (const nlohmann::json& item : array) out.push_back(item.dump());
  std::sort(out.begin(), out.end());
  return out;
}

// The footprints `prints` without their sqlHash (a hash of each tool's own SQL text), sorted.
inline std::vector<std::string> footprints_without_hash(nlohmann::json prints) {
  for (nlohmann::json& print : prints) print.erase("sqlHash");
  return sorted_dumps(prints);
}

// drizzle-kit check passes on `out` and its generate for `schema` finds nothing to write; nor
// does sleet's generate in `project`.
inline void expect_both_tools_agree(const std::filesystem::path& project,
                                    const std::filesystem::path& out, const std::string& schema) {
  std::size_t before = MigrationFolder::open(out).migrations().size();
  std::string log = kit1(out, schema, "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << schema << ": " << log;
  log = kit1(out, schema, "generate --name again");
  EXPECT_NE(log.find("No schema changes"), std::string::npos) << schema << ": " << log;
  EXPECT_EQ(MigrationFolder::open(out).migrations().size(), before) << log;
  auto generated = run_sleet("generate --name again", project);
  EXPECT_NE(generated.out.find("No schema changes"), std::string::npos)
      << schema << ": " << generated.out << generated.err;
}

}  // namespace sleet::testing
