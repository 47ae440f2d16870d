// find_unmerged_branches: the migrations two git branches added to one folder without being
// put in one line, found from the snapshots' ids and parents (their headers only, so migrate
// can ask on every run of a large folder).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "sleet/error.h"
#include "sleet/journal.h"

namespace sleet {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kRootId = "00000000-0000-0000-0000-000000000000";

struct SnapshotLink {
  std::size_t position = 0;  // the migration's place in the folder
  std::string id;
  std::vector<std::string> parents;
};

// Reads the top-level "id", "prevId" and "prevIds" of a snapshot and stops as soon as it has
// them: a version 9 snapshot puts them first, ahead of megabytes of ddl.
class HeaderReader : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit HeaderReader(bool v9) : v9_(v9) {}
  std::string id;
  std::vector<std::string> parents;
  bool complete() const { return !id.empty() && (v9_ ? in_prev_ids_done_ : have_prev_id_); }

  bool null() override { return scalar(); }
  bool boolean(bool) override { return scalar(); }
  bool number_integer(number_integer_t) override { return scalar(); }
  bool number_unsigned(number_unsigned_t) override { return scalar(); }
  bool number_float(number_float_t, const string_t&) override { return scalar(); }
  bool binary(binary_t&) override { return scalar(); }
  bool string(string_t& value) override {
    if (depth_ == 1 && key_ == "id") id = value;
    if (depth_ == 1 && key_ == "prevId") {
      parents.push_back(value);
      have_prev_id_ = true;
    }
    if (depth_ == 2 && in_prev_ids_) parents.push_back(value);
    return !complete();
  }
  bool start_object(std::size_t) override {
    ++depth_;
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    in_prev_ids_ = depth_ == 1 && key_ == "prevIds";
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    if (in_prev_ids_ && depth_ == 1) {
      in_prev_ids_ = false;
      in_prev_ids_done_ = true;
    }
    return !complete();
  }
  bool key(string_t& value) override {
    if (depth_ == 1) key_ = value;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  bool scalar() { return true; }
  bool v9_;
  int depth_ = 0;
  std::string key_;
  bool in_prev_ids_ = false;
  bool in_prev_ids_done_ = false;
  bool have_prev_id_ = false;
};

std::optional<SnapshotLink> read_link(const fs::path& file, bool v9, std::size_t position) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  HeaderReader reader(v9);
  try {
    nlohmann::json::sax_parse(in, &reader);
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  if (!reader.complete()) return std::nullopt;
  return SnapshotLink{position, reader.id, reader.parents};
}

using Ancestry = std::set<std::size_t>;  // positions; the root is kRootPosition
constexpr std::size_t kRootPosition = static_cast<std::size_t>(-1);

Ancestry ancestry_of(const std::vector<SnapshotLink>& links,
                     const std::map<std::string, std::size_t>& by_id, std::size_t leaf) {
  Ancestry found;
  std::vector<std::size_t> stack{leaf};
  while (!stack.empty()) {
    std::size_t index = stack.back();
    stack.pop_back();
    if (!found.insert(links[index].position).second) continue;
    for (const std::string& parent : links[index].parents) {
      if (parent == kRootId) found.insert(kRootPosition);
      auto it = by_id.find(parent);
      if (it != by_id.end()) stack.push_back(it->second);
    }
  }
  return found;
}

std::vector<UnmergedBranches> branches_from_links(const MigrationFolder& folder,
                                                  const std::vector<SnapshotLink>& links) {
  std::map<std::string, std::size_t> by_id;
  std::set<std::string> named_as_parent;
  for (std::size_t i = 0; i < links.size(); ++i) {
    by_id.emplace(links[i].id, i);
    named_as_parent.insert(links[i].parents.begin(), links[i].parents.end());
  }
  std::vector<std::size_t> leaves;
  for (std::size_t i = 0; i < links.size(); ++i) {
    if (!named_as_parent.contains(links[i].id)) leaves.push_back(i);
  }
  const auto& migrations = folder.migrations();
  std::vector<UnmergedBranches> found;
  for (std::size_t a = 0; a < leaves.size(); ++a) {
    Ancestry of_a = ancestry_of(links, by_id, leaves[a]);
    for (std::size_t b = a + 1; b < leaves.size(); ++b) {
      Ancestry of_b = ancestry_of(links, by_id, leaves[b]);
      bool common = false;
      std::size_t since = kRootPosition;
      for (std::size_t position : of_a) {
        if (!of_b.contains(position)) continue;
        common = true;
        if (position != kRootPosition && (since == kRootPosition || position > since))
          since = position;
      }
      if (!common) continue;  // a broken chain (a deleted migration), not a fork
      UnmergedBranches branches;
      if (since != kRootPosition) branches.since = migrations[since].entry.tag;
      for (std::size_t position : of_a) {
        if (position != kRootPosition && !of_b.contains(position))
          branches.first.push_back(migrations[position].entry.tag);
      }
      for (std::size_t position : of_b) {
        if (position != kRootPosition && !of_a.contains(position))
          branches.second.push_back(migrations[position].entry.tag);
      }
      if (branches.first.empty() || branches.second.empty()) continue;
      if (branches.second.front() < branches.first.front())
        std::swap(branches.first, branches.second);
      found.push_back(std::move(branches));
    }
  }
  return found;
}

}  // namespace

std::vector<UnmergedBranches> find_unmerged_branches(const MigrationFolder& folder) {
  const auto& migrations = folder.migrations();
  bool v3 = folder.format() == FolderFormat::V3;
  std::vector<UnmergedBranches> found;
  std::map<std::string, std::vector<std::size_t>> by_snapshot;
  if (!v3) {
    for (std::size_t i = 0; i < migrations.size(); ++i)
      by_snapshot[snapshot_file_name(migrations[i].entry.tag)].push_back(i);
    for (const auto& [file, positions] : by_snapshot) {
      if (positions.size() < 2) continue;
      UnmergedBranches branches;
      branches.shared_snapshot = file;
      if (positions[0] > 0) branches.since = migrations[positions[0] - 1].entry.tag;
      for (std::size_t i = positions[0]; i < migrations.size(); ++i) {
        (i < positions[1] ? branches.first : branches.second).push_back(migrations[i].entry.tag);
      }
      found.push_back(std::move(branches));
    }
    if (!found.empty()) return found;  // the surviving snapshot's place is not known
  }
  std::vector<SnapshotLink> links;
  std::error_code error;
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    fs::path file = folder.files_of(migrations[i].entry.tag).snapshot;
    if (!fs::exists(file, error)) continue;
    if (auto link = read_link(file, v3, i)) links.push_back(std::move(*link));
  }
  return branches_from_links(folder, links);
}

std::string describe_unmerged_branches(const UnmergedBranches& branches, FolderFormat format) {
  std::string what = branches.shared_snapshot.empty()
                         ? fmt::format(
                               "two branches were merged without their migrations put in one line: "
                               "[{}] and [{}] both follow {}",
                               fmt::join(branches.first, ", "), fmt::join(branches.second, ", "),
                               branches.since.empty() ? "the start of the folder" : branches.since)
                         : fmt::format(
                               "two branches were merged without their migrations put in one line: "
                               "[{}] and [{}] both follow {} and share meta/{}",
                               fmt::join(branches.first, ", "), fmt::join(branches.second, ", "),
                               branches.since.empty() ? "the start of the folder" : branches.since,
                               branches.shared_snapshot);
  return what;
}

}  // namespace sleet
