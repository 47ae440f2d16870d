// Converting a migration folder between drizzle-kit's two layouts (sleet convert): 0.x's
// journal (meta/_journal.json, full version 7 snapshots) and 1.0's v3 (one folder per
// migration, a version 9 base snapshot then diff snapshots). docs/commands/convert.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "sleet/journal.h"

namespace sleet {

// One migration of the converted folder: what it was called and what it is called now.
struct ConvertedMigration {
  std::string from_tag;   // the tag (journal) or folder name (v3) in the source folder
  std::string to_tag;     // the same in the converted folder
  std::int64_t when = 0;  // the converted folder's time for it: journal `when`, or v3 folder ms
  std::string hash;       // sha256 of its SQL, the same on both sides (the bytes are copied)
  bool custom = false;    // a custom migration (its snapshot changes nothing)
};

// The converted folder, held in memory until write_converted_folder.
struct FolderConversion {
  FolderFormat from = FolderFormat::Journal;
  FolderFormat to = FolderFormat::V3;
  std::vector<ConvertedMigration> migrations;  // in the source folder's order
  // Every file of the converted folder, relative to its root, with its bytes.
  std::vector<std::pair<std::filesystem::path, std::string>> files;
};

// Converts `folder` to `to` without writing anything. Journal -> v3: every entry becomes
// <YYYYMMDDHHMMSS>_<name>/ (the time of max(when, previous + 1 s), so entries of one second
// get distinct folders), its SQL and down script copied byte for byte; the first snapshot a
// "base" holding the first migration's whole schema, each later one a "diff" (deltas and
// footprints as drizzle-kit 1.0 writes them) from the one before, keeping the version 7
// snapshot ids. v3 -> journal: NNNN_<name>.sql, full version 7 snapshots of the state after
// each migration, journal `when` = the folder's time (raised to previous + 1 ms if needed).
// Throws sleet::Error (Usage) naming the folder or migration when the folder already has
// the layout `to`, has unmerged branches, lacks a snapshot, or (journal -> v3) a migration
// changes something the v3 writer cannot express as deltas (generate_v9.cpp's coverage) or
// whose replayed deltas do not give back its snapshot's schema.
FolderConversion convert_folder(const MigrationFolder& folder, FolderFormat to);

// Writes `conversion` in place of `directory`: into a new sibling folder first, then renames
// `directory` to `backup` and the new folder to `directory`, so the folder is either the old
// one or the new one, never half-written. Throws sleet::Error (Usage) when `backup` exists
// or a file cannot be written (the new folder is removed; `directory` is untouched).
void write_converted_folder(const FolderConversion& conversion,
                            const std::filesystem::path& directory,
                            const std::filesystem::path& backup);

// The default backup path of `directory` converted from `from`: "<directory>.journal-backup"
// or "<directory>.v3-backup".
std::filesystem::path conversion_backup_path(const std::filesystem::path& directory,
                                             FolderFormat from);

}  // namespace sleet
