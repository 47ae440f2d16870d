// check_migration_folder: everything that can be wrong with a migration folder, found
// without a database.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "plan/folder_check_internal.h"
#include "sleet/branch_merge.h"
#include "sleet/down_scripts.h"
#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/folder_check.h"
#include "sleet/generate.h"
#include "sleet/journal.h"
#include "sleet/parallel.h"
#include "sleet/snapshot.h"
#include "sleet/sql.h"

namespace sleet {

namespace fs = std::filesystem;

namespace {

// Two entries with the same prefix (0001_a and 0001_b, both kept when git merged two branches'
// journals) share one snapshot file, so at most one of their snapshots survived the merge.
void check_shared_snapshots(const Journal& journal, const std::string& journal_file,
                            std::vector<FolderProblem>& problems) {
  std::map<std::string, std::vector<std::string>> tags_by_snapshot;
  for (const JournalEntry& entry : journal.entries) {
    tags_by_snapshot[snapshot_file_name(entry.tag)].push_back(entry.tag);
  }
  for (const auto& [snapshot, tags] : tags_by_snapshot) {
    if (tags.size() < 2) continue;
    problems.push_back(
        {journal_file,
         fmt::format("{} share the prefix of meta/{}: two branches each added a migration with "
                     "that number and git merged both entries, but only one snapshot file can "
                     "be there. Keep the migration that was applied first: take its branch's "
                     "meta/{} (git checkout <that branch> -- meta/{}), drop the other "
                     "(sleet drop {} --force; the shared snapshot stays) and run 'sleet "
                     "generate' to write it again on top",
                     fmt::join(tags, " and "), snapshot, snapshot, snapshot, tags.back())});
  }
}

void check_entries(const fs::path& directory, const Journal& journal,
                   const std::string& journal_file, bool report_forks,
                   std::vector<FolderProblem>& problems) {
  std::set<std::string> tags;
  for (std::size_t i = 0; i < journal.entries.size(); ++i) {
    const JournalEntry& entry = journal.entries[i];
    if (!tags.insert(entry.tag).second) {
      problems.push_back({journal_file, fmt::format("the tag {} appears twice in the journal; "
                                                    "remove the duplicate entry",
                                                    entry.tag)});
    }
    if (entry.idx != static_cast<int>(i)) {
      // drizzle-kit's migrator never reads idx: the order of the entries is what counts.
      problems.push_back(
          {journal_file,
           fmt::format("entry {} has idx {} but is entry number {}; migrators apply entries in "
                       "journal order and ignore idx, so this is harmless, but the next "
                       "migration is numbered from the entry count",
                       entry.tag, entry.idx, i),
           true});
    }
    if (i > 0 && entry.when <= journal.entries[i - 1].when) {
      const JournalEntry& previous = journal.entries[i - 1];
      problems.push_back(
          {journal_file,
           fmt::format("{} (idx {}, when {}) follows {} (idx {}, when {}) but its timestamp is not "
                       "greater: drizzle-kit migrate skips it once the earlier one is applied. "
                       "Regenerate it on top of the latest migration (sleet drop, then sleet "
                       "generate), or give it a larger `when` if it was never applied anywhere",
                       entry.tag, entry.idx, entry.when, previous.tag, previous.idx, previous.when),
           true});
    }
    fs::path file = directory / (entry.tag + ".sql");
    std::error_code error;
    if (!fs::is_regular_file(file, error)) {
      problems.push_back(
          {file.string(), fs::is_directory(file, error)
                              ? fmt::format("journal entry {} names a directory, not a migration "
                                            "file; restore the file or drop the entry",
                                            entry.tag)
                              : fmt::format("journal entry {} has no migration file; restore it "
                                            "or drop the entry",
                                            entry.tag)});
    } else {
      try {
        if (auto warning = empty_migration_warning(entry.tag, read_text_file(file))) {
          problems.push_back({file.string(), *warning, true});
        }
      } catch (const Error& e) {
        problems.push_back({file.string(), e.what()});
      }
    }
    if (!fs::exists(directory / "meta" / snapshot_file_name(entry.tag), error)) {
      problems.push_back({(directory / "meta" / snapshot_file_name(entry.tag)).string(),
                          fmt::format("migration {} has no snapshot; the next generate diffs "
                                      "against an older one",
                                      entry.tag),
                          true});
    }
  }
  if (report_forks) check_shared_snapshots(journal, journal_file, problems);
  for (const auto& item : fs::directory_iterator(directory)) {
    if (item.path().extension() != ".sql" || !item.is_regular_file()) continue;
    if (is_down_script_file(item.path())) continue;
    std::string stem = item.path().stem().string();
    if (!tags.contains(stem)) {
      problems.push_back({item.path().string(),
                          "this .sql file is not in meta/_journal.json, so no migrator applies it; "
                          "delete it, or create migrations with 'sleet generate' (--custom for "
                          "hand-written SQL)",
                          true});
    }
  }
}

// "0001_snapshot.json (0001_add_posts)": a snapshot file with the migrations it belongs to.
std::string snapshot_with_tags(const fs::path& file, const Journal& journal) {
  std::vector<std::string> tags;
  for (const JournalEntry& entry : journal.entries) {
    if (snapshot_file_name(entry.tag) == file.filename().string()) tags.push_back(entry.tag);
  }
  if (tags.empty()) return file.filename().string();
  return fmt::format("{} ({})", file.filename().string(), fmt::join(tags, ", "));
}

void check_snapshots(const fs::path& meta, const Journal& journal, bool report_forks,
                     std::vector<FolderProblem>& problems) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& item : fs::directory_iterator(meta, error)) {
    std::string name = item.path().filename().string();
    if (item.path().extension() == ".json" && !name.starts_with("_")) files.push_back(item.path());
  }
  std::sort(files.begin(), files.end());
  // Every snapshot is read whole (that it parses is part of the check), on every core; the
  // layout, needed only to write a file back, is skipped. Results are taken in file order.
  std::vector<std::optional<SnapshotHeader>> headers(files.size());
  std::vector<std::optional<FolderProblem>> failures(files.size());
  for_each_index_in_parallel(files.size(), 0, [&](std::size_t i) {
    try {
      headers[i] = read_snapshot(read_text_file(files[i]), files[i].string(), false).header;
    } catch (const Error& e) {
      failures[i] = FolderProblem{e.where().empty() ? files[i].string() : e.where(), e.what()};
    }
  });
  std::map<std::string, std::vector<fs::path>> by_parent;
  std::map<std::string, fs::path> by_id;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const fs::path& file = files[i];
    if (failures[i]) {
      problems.push_back(*failures[i]);
      continue;
    }
    const SnapshotHeader& header = *headers[i];
    by_parent[header.prev_id].push_back(file);
    auto [it, inserted] = by_id.emplace(header.id, file);
    if (!inserted) {
      problems.push_back({file.string(), fmt::format("has the same id {} as {}; one was copied "
                                                     "from the other; regenerate it",
                                                     header.id, it->second.filename().string())});
    }
  }
  for (const auto& [parent, children] : by_parent) {
    if (children.size() < 2 || !report_forks) continue;
    std::string names;
    for (const auto& child : children) {
      names += (names.empty() ? "" : " and ") + snapshot_with_tags(child, journal);
    }
    problems.push_back(
        {meta.string(),
         fmt::format("snapshots {} all follow the same previous snapshot (prevId {}): migrations "
                     "were generated on two branches and merged. Drop the newer branch's "
                     "migration (sleet drop TAG --force) and run 'sleet generate' again on top of "
                     "the other",
                     names, parent)});
  }
}

// Two branches merged into the folder: their migrations since the fork and whether they
// commute (analyze_branches), as one problem each. False when the folder cannot be read
// whole or has no such branches (check_entries and check_snapshots then report any fork of
// files the journal does not list their way).
bool check_branches(const fs::path& directory, std::vector<FolderProblem>& problems) {
  std::vector<UnmergedBranches> found;
  std::optional<MigrationFolder> folder;
  try {
    folder = MigrationFolder::open(directory);
    found = find_unmerged_branches(*folder);
  } catch (const Error&) {
    return false;
  }
  if (found.empty()) return false;  // a stray snapshot file may still share a prevId
  for (const UnmergedBranches& branches : found) {
    std::string what = describe_unmerged_branches(branches, FolderFormat::Journal);
    BranchAnalysis analysis;
    try {
      analysis = analyze_branches(*folder, branches);
    } catch (const Error& e) {
      problems.push_back(
          {e.where().empty() ? directory.string() : e.where(),
           fmt::format("{}; whether they commute is not known: {}", what, e.what())});
      continue;
    }
    if (analysis.conflicts.empty()) {
      problems.push_back(
          {folder->journal_file().string(),
           fmt::format("{}; they commute (neither changes an object the other changes or "
                       "uses). Run 'sleet rebase' to renumber the later branch's migrations "
                       "after the other's; until then migrate refuses the folder",
                       what)});
      continue;
    }
    for (const BranchConflict& conflict : analysis.conflicts) {
      problems.push_back(
          {folder->journal_file().string(),
           fmt::format("{}; they conflict: {} and {} both change {} (or one uses what the other "
                       "changes), so their order matters and 'sleet rebase' refuses. Keep the "
                       "migration a database already applied, drop the other (sleet drop) only "
                       "if no database applied it, and generate its change again on top",
                       what, conflict.first_tag, conflict.second_tag, conflict.object)});
    }
  }
  return true;
}

}  // namespace

namespace {

// Whether `text` holds something other than line comments and whitespace, as far as a scan
// of its lines tells: yes, no, or unknown (a block comment).
enum class Content { Statements, CommentsOnly, Unknown };

Content scan_content(std::string_view text) {
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    std::size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos) {
      line = line.substr(first);
      if (line.starts_with("/*")) return Content::Unknown;
      if (!line.starts_with("--")) return Content::Statements;
    }
    start = end + 1;
  }
  return Content::CommentsOnly;
}

}  // namespace

std::optional<std::string> empty_migration_warning(std::string_view tag, std::string_view text) {
  Content content = scan_content(text);
  if (content == Content::Statements) return std::nullopt;
  if (content == Content::Unknown) {
    try {
      if (!sql::split_statements(text, std::string(tag)).empty()) return std::nullopt;
    } catch (const Error&) {
      return std::nullopt;
    }
  }
  std::string why = "only comments and whitespace";
  std::string_view first_line = text.substr(0, std::min(text.find('\n'), text.size()));
  std::string_view template_line = kCustomMigrationTemplateLine;
  if (first_line.starts_with(template_line) && first_line.size() > template_line.size()) {
    why =
        "the SQL after the custom-migration template is on the template's comment line, so "
        "it is part of the comment; move it to a line of its own";
  } else if (first_line == template_line) {
    why = "the custom-migration template was left as it is; put the SQL below it";
  }
  return fmt::format(
      "{} has no statements ({}): applying it changes nothing but the tracking "
      "table",
      tag, why);
}

std::vector<FolderProblem> check_migration_folder(const fs::path& directory) {
  std::vector<FolderProblem> problems;
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    problems.push_back({directory.string(), "the migration folder does not exist"});
    return problems;
  }
  try {
    if (detect_folder_format(directory) == FolderFormat::V3) {
      return plan_internal::check_v3_folder(MigrationFolder::open(directory));
    }
  } catch (const Error& e) {
    problems.push_back({e.where().empty() ? directory.string() : e.where(), e.what()});
    return problems;
  }
  fs::path journal_file = directory / "meta" / "_journal.json";
  Journal journal;
  try {
    journal = parse_journal(read_text_file(journal_file), journal_file.string());
  } catch (const Error& e) {
    problems.push_back({e.where().empty() ? journal_file.string() : e.where(), e.what()});
    return problems;
  }
  std::vector<FolderProblem> branch_problems;
  bool branches_known = check_branches(directory, branch_problems);
  check_entries(directory, journal, journal_file.string(), !branches_known, problems);
  check_snapshots(directory / "meta", journal, !branches_known, problems);
  problems.insert(problems.end(), branch_problems.begin(), branch_problems.end());
  return problems;
}

}  // namespace sleet
