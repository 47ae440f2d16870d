// `sleet check`'s look at a migration folder without a database: the journal and files
// (journal module) and the snapshot chain (snapshots are a source, so this sits above both,
// in the plan module next to generate).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sleet {

// One thing wrong with a migration folder.
struct FolderProblem {
  std::string where;     // a file, optionally with :line:col
  std::string message;   // what is wrong and what to do
  bool warning = false;  // true: worth saying, but does not fail a check
};

// When the migration `tag` with file text `text` holds no statement (only comments and
// whitespace: drizzle-kit's custom template left as it is, or SQL appended to the template's
// comment line because the file had no final newline), the warning to print: "0003_manual_idx
// has no statements ..."; nullopt when it has statements or its SQL does not parse (the
// migrator reports that). Parses only a text of comments alone (a block comment may hide
// the end of one), so it is cheap on every migration of a folder.
std::optional<std::string> empty_migration_warning(std::string_view tag, std::string_view text);

// Checks a folder without a database: the journal parses, every entry has its file and
// every .sql file has an entry, idx runs 0,1,2..., `when` strictly increases, every
// snapshot parses, and no two snapshots share a prevId (a fork from merged branches). A v3
// folder (drizzle-kit 1.0) gets its own checks: every migration has a version 9 snapshot.json,
// one base, every prevId known and sorting before its child; unmerged branches are a warning.
// Returns the problems found (empty: all good). Never throws for problems in the folder.
std::vector<FolderProblem> check_migration_folder(const std::filesystem::path& directory);

}  // namespace sleet
