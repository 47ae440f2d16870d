// Two branches that each generated a migration on the same drizzle-kit 1.0 (v3) folder, merged
// as git leaves them: both branches' folders side by side. Shared by the rebase and merge tests.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "drizzle_kit.h"
#include "migrate_test_support.h"

namespace sleet::testing {

// A base folder (init, refunds) copied to two branches that generate `first` and `second`
// (schema files of the fixture); `merged` is the first branch's folder with the second's
// migration added, as git merges them. `one` and `two` keep each branch alone.
struct V3Branches {
  std::filesystem::path one;
  std::filesystem::path two;
  std::filesystem::path merged;
  std::string common;  // the last migration both branches have
  std::string first;
  std::string second;
  std::string log;
};

inline V3Branches make_v3_branches(const TemporaryDirectory& dir, const std::string& first,
                                   const std::string& second) {
  V3Branches out{dir.path() / "one", dir.path() / "two", dir.path() / "merged"};
  std::filesystem::path base = dir.path() / "base";
  const std::filesystem::path& two = out.two;
  out.log += kit1(base, "migrate_v1.ts", "generate --name init");
  out.log += kit1(base, "migrate_v2.ts", "generate --name refunds");
  std::filesystem::copy(base, out.one, std::filesystem::copy_options::recursive);
  std::filesystem::copy(base, two, std::filesystem::copy_options::recursive);
  out.log += kit1(out.one, first, "generate --name first");
  out.log += kit1(two, second, "generate --name second");
  out.common = MigrationFolder::open(base).migrations().back().entry.tag;
  out.first = MigrationFolder::open(out.one).migrations().back().entry.tag;
  out.second = MigrationFolder::open(two).migrations().back().entry.tag;
  std::filesystem::copy(out.one, out.merged, std::filesystem::copy_options::recursive);
  std::filesystem::copy(two / out.second, out.merged / out.second,
                        std::filesystem::copy_options::recursive);
  return out;
}

inline nlohmann::json snapshot_of(const std::filesystem::path& folder, const std::string& name) {
  return nlohmann::json::parse(read_file(folder / name / "snapshot.json"));
}

inline std::vector<std::string> tracked_names(const std::string& database) {
  auto result =
      test_cluster().execute("select name from drizzle.__drizzle_migrations order by id", database);
  std::vector<std::string> names;
  for (int i = 0; i < result.rows(); ++i) names.emplace_back(result.value(i, 0));
  return names;
}

// Every file under `folder` with its bytes.
inline std::map<std::string, std::string> contents(const std::filesystem::path& folder) {
  std::map<std::string, std::string> out;
  for (const auto& item : std::filesystem::recursive_directory_iterator(folder)) {
    if (item.is_regular_file())
      out[std::filesystem::relative(item.path(), folder).string()] = read_file(item.path());
  }
  return out;
}

}  // namespace sleet::testing
