// sleet convert: a migration folder rewritten in drizzle-kit's other layout. The SQL files are
// copied byte for byte (their hashes, which tracking rows hold, stay the same); only names,
// the journal and the snapshots change. Journal -> v3 turns each version 7 snapshot into the
// deltas generate writes (generate_v9.cpp) and proves them by replaying them (snapshot_v9.cpp)
// back to the same schema; v3 -> journal writes the replayed state as full snapshots.
#include "sleet/folder_convert.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <system_error>

#include "generate_v9.h"
#include "plan/branch_rebase_internal.h"
#include "sleet/diff.h"
#include "sleet/down_scripts.h"
#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/normalize.h"
#include "sleet/plan.h"
#include "sleet/snapshot.h"
#include "sleet/snapshot_v9.h"

namespace sleet {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

void refuse_branches(const MigrationFolder& folder) {
  std::vector<UnmergedBranches> branches = find_unmerged_branches(folder);
  if (branches.empty()) return;
  throw Error(ErrorKind::Usage,
              "the folder has branches that are not merged yet: " +
                  describe_unmerged_branches(branches.front(), folder.format()),
              folder.directory().string(),
              folder.format() == FolderFormat::Journal
                  ? "put them in one line first ('sleet rebase'), then convert"
                  : "merge them first (drizzle-kit 1.0's generate writes the merge migration), "
                    "then convert");
}

// The down script beside `migration` (sleet rollback's), if any: copied along.
void copy_down_script(const Migration& migration, const fs::path& to,
                      FolderConversion& conversion) {
  fs::path down = down_script_file(migration.file);
  if (fs::exists(down)) conversion.files.emplace_back(to, read_text_file(down));
}

Schema normalized(Schema schema) {
  normalize::normalize_schema(schema);
  return schema;
}

Error migration_error(const Migration& migration, const std::string& message,
                      const std::string& hint) {
  return Error(ErrorKind::Usage, message, migration.file.string(), hint);
}

FolderConversion journal_to_v3(const MigrationFolder& folder) {
  FolderConversion conversion;
  conversion.from = FolderFormat::Journal;
  conversion.to = FolderFormat::V3;
  Schema previous;  // normalised state before the migration
  std::vector<V9Snapshot> written;
  std::string previous_folder;
  for (const Migration& migration : folder.migrations()) {
    const std::string& tag = migration.entry.tag;
    fs::path snapshot_file = folder.files_of(tag).snapshot;
    if (!fs::exists(snapshot_file)) {
      throw migration_error(migration,
                            fmt::format("migration {} has no snapshot ({}): its schema, which the "
                                        "v3 snapshot needs, is unknown",
                                        tag, snapshot_file.string()),
                            "restore meta/ from version control, then convert");
    }
    Snapshot snapshot = read_snapshot(read_text_file(snapshot_file), snapshot_file.string(), false);
    Schema current = normalized(snapshot.schema);
    NoRenames no_renames;
    // A rename becomes a drop and a create in the deltas, as drizzle-kit's own up records it;
    // migration.sql keeps its RENAME.
    std::vector<Change> changes = diff_schemas(previous, current, no_renames);
    Plan plan = plan_changes(changes, previous, current, PlanOptions{});
    std::vector<Json> rows;
    if (!written.empty()) rows = v9_folder_state(written).rows;
    plan_internal::V9Changes v9;
    try {
      v9 = plan_internal::v9_changes(changes, plan, rows, current, folder.directory());
    } catch (const Error& error) {
      throw migration_error(
          migration,
          fmt::format("migration {} cannot be converted: its snapshot changes what a drizzle-kit "
                      "1.0 diff snapshot cannot hold yet ({})",
                      tag, error.what()),
          "nothing was written; keep this folder in the 0.x layout (drizzle-kit 0.31 and sleet "
          "both use it), or convert it with drizzle-kit 1.0's 'drizzle-kit up' and check what it "
          "wrote");
    }
    ConvertedMigration converted;
    converted.from_tag = tag;
    converted.to_tag =
        v3_migration_name(migration.entry.when, previous_folder, plan_internal::migration_name_part(tag));
    converted.when = *v3_folder_millis(converted.to_tag);
    converted.hash = migration.hash;
    converted.custom = changes.empty() && written.size() > 0;
    // What drizzle-kit 1.0 does not model goes to the "sleet" member, when the snapshot has one
    // (one drizzle-kit wrote says nothing of it: the nearest member along prevIds holds), and
    // when it changed or the migration has no deltas (else it would read as custom).
    if (!converted.custom && snapshot.has_sleet_member) {
      Json member =
          v9_sleet_member(snapshot.schema, v9_rows_after(rows, v9.deltas, migration.file.string()));
      Json had = written.empty() ? Json() : v9_sleet_member_at(written, written.back().id);
      bool changed = had.is_null() ? !member.empty() : member != had;
      if (changed || (v9.deltas.empty() && (!had.is_null() || !member.empty())))
        v9.sleet = std::move(member);
    }
    std::string id = snapshot.header.id;
    Json text;
    if (written.empty()) {
      // The base: the first migration's whole schema, the rows its creates hold.
      text = Json::parse(plan_internal::v9_base_snapshot_text(id, v9, migration.file.string()));
    } else {
      text = Json::parse(plan_internal::v9_snapshot_text(id, {written.back().id}, v9));
    }
    std::string snapshot_text = text.dump(2);
    fs::path folder_name = converted.to_tag;
    written.push_back(read_v9_snapshot(snapshot_text, folder_name / "snapshot.json"));
    // The deltas must give back the schema the snapshot describes.
    Schema replayed = normalized(v9_folder_state(written).schema);
    Schema expected = current;
    if (!snapshot.has_sleet_member) {
      // drizzle-kit wrote it: it says nothing of what the member holds.
      drop_what_drizzle_snapshots_cannot_hold(replayed);
      drop_what_drizzle_snapshots_cannot_hold(expected);
    }
    std::vector<Change> left = diff_schemas(replayed, expected, no_renames);
    if (!left.empty()) {
      throw migration_error(
          migration,
          fmt::format("migration {}'s v3 snapshot would not describe its schema: {} {} differs "
                      "after replaying the deltas",
                      tag, to_string(left.front().kind), left.front().object.display()),
          "nothing was written; keep the 0.x layout, and report this to sleet with the folder");
    }
    conversion.files.emplace_back(folder_name / "migration.sql", migration.text);
    conversion.files.emplace_back(folder_name / "snapshot.json", snapshot_text);
    copy_down_script(migration, folder_name / "down.sql", conversion);
    conversion.migrations.push_back(converted);
    previous_folder = converted.to_tag;
    previous = std::move(current);
  }
  return conversion;
}

FolderConversion v3_to_journal(const MigrationFolder& folder) {
  FolderConversion conversion;
  conversion.from = FolderFormat::V3;
  conversion.to = FolderFormat::Journal;
  Journal journal;
  std::vector<V9Snapshot> read;
  std::string previous_id = kNoParentSnapshotId;
  std::int64_t previous_when = 0;
  for (const Migration& migration : folder.migrations()) {
    const std::string& name = migration.entry.tag;
    fs::path snapshot_file = folder.files_of(name).snapshot;
    if (!fs::exists(snapshot_file)) {
      throw migration_error(migration,
                            fmt::format("migration {} has no snapshot.json: the schema after it is "
                                        "unknown",
                                        name),
                            "restore it from version control, then convert");
    }
    read.push_back(read_v9_snapshot(read_text_file(snapshot_file), snapshot_file));
    const V9Snapshot& snapshot = read.back();
    JournalEntry entry;
    entry.idx = static_cast<int>(journal.entries.size());
    entry.when = std::max(migration.entry.when, previous_when + 1);
    entry.tag = fmt::format("{:04}_{}", entry.idx, plan_internal::migration_name_part(name));
    journal.entries.push_back(entry);
    SnapshotHeader header;
    header.id = snapshot.id;
    header.prev_id = previous_id;
    std::string snapshot_text = save_snapshot(v9_folder_state(read).schema, header);
    conversion.files.emplace_back(fs::path(entry.tag + ".sql"), migration.text);
    conversion.files.emplace_back(fs::path("meta") / snapshot_file_name(entry.tag), snapshot_text);
    copy_down_script(migration, fs::path(entry.tag + ".down.sql"), conversion);
    ConvertedMigration converted;
    converted.from_tag = name;
    converted.to_tag = entry.tag;
    converted.when = entry.when;
    converted.hash = migration.hash;
    converted.custom = !snapshot.base && snapshot.deltas.empty() && snapshot.sleet.is_null();
    conversion.migrations.push_back(converted);
    previous_id = snapshot.id;
    previous_when = entry.when;
  }
  conversion.files.emplace_back(fs::path("meta") / "_journal.json", format_journal(journal));
  return conversion;
}

}  // namespace

FolderConversion convert_folder(const MigrationFolder& folder, FolderFormat to) {
  if (folder.format() == to) {
    throw Error(ErrorKind::Usage,
                fmt::format("the folder already has the {} layout", to_string(to)),
                folder.directory().string(),
                fmt::format("nothing to convert; --to {} converts it back",
                            to == FolderFormat::V3 ? "journal" : "v3"));
  }
  if (folder.migrations().empty()) {
    throw Error(ErrorKind::Usage, "the folder holds no migration", folder.directory().string(),
                "set `format` in sleet.toml instead: the first generate writes that layout");
  }
  refuse_branches(folder);
  return to == FolderFormat::V3 ? journal_to_v3(folder) : v3_to_journal(folder);
}

fs::path conversion_backup_path(const fs::path& directory, FolderFormat from) {
  fs::path clean = directory.lexically_normal();
  if (clean.filename().empty()) clean = clean.parent_path();
  return clean.parent_path() /
         (clean.filename().string() + "." + std::string(to_string(from)) + "-backup");
}

void write_converted_folder(const FolderConversion& conversion, const fs::path& directory,
                            const fs::path& backup) {
  if (fs::exists(backup)) {
    throw Error(
        ErrorKind::Usage, fmt::format("the backup folder {} exists already", backup.string()),
        directory.string(), "move or delete it (an earlier conversion's backup), then convert");
  }
  fs::path clean = directory.lexically_normal();
  if (clean.filename().empty()) clean = clean.parent_path();
  fs::path staging = clean.parent_path() /
                     fmt::format(".{}.sleet-convert-{}", clean.filename().string(), getpid());
  std::error_code ignored;
  fs::remove_all(staging, ignored);
  try {
    for (const auto& [relative, text] : conversion.files) {
      fs::create_directories((staging / relative).parent_path());
      write_text_file(staging / relative, text);
    }
    // Files that are no migration's (README, .gitkeep, ...) stay in the backup only.
    std::error_code error;
    fs::rename(clean, backup, error);
    if (error) {
      throw Error(ErrorKind::Usage,
                  fmt::format("cannot move the folder to {}: {}", backup.string(), error.message()),
                  clean.string(), "check the permissions of its parent folder");
    }
    fs::rename(staging, clean, error);
    if (error) {
      fs::rename(backup, clean, ignored);
      throw Error(ErrorKind::Usage,
                  fmt::format("cannot put the converted folder in place: {}", error.message()),
                  clean.string(), "check the permissions of its parent folder");
    }
  } catch (...) {
    fs::remove_all(staging, ignored);
    throw;
  }
}

}  // namespace sleet
