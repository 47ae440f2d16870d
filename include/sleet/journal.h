// The journal module: a drizzle-kit migration folder in either layout — drizzle-kit 0.x's
// (out/NNNN_tag.sql, out/meta/_journal.json, out/meta/NNNN_snapshot.json) or drizzle-kit
// 1.0's "v3" (out/<YYYYMMDDHHMMSS>_<name>/migration.sql + snapshot.json) — read and written
// byte-compatibly with drizzle-kit, the
// checksums and statement splitting of drizzle-orm's migrator, migration file naming, and a
// database-free consistency check of a folder. See docs/migrate.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sleet/config.h"
#include "sleet/files.h"

namespace sleet {

// The marker drizzle-kit writes between statements; the migrator splits on it as a plain
// substring.
inline constexpr std::string_view kStatementBreakpoint = "--> statement-breakpoint";

// One entry of meta/_journal.json.
struct JournalEntry {
  int idx = 0;
  std::string version = "7";
  std::int64_t when = 0;  // creation time, ms since the epoch: the tracking row's created_at
  std::string tag;        // the file stem: out/<tag>.sql
  bool breakpoints = true;

  bool operator==(const JournalEntry&) const = default;
};

// meta/_journal.json.
struct Journal {
  std::string version = "7";
  std::string dialect = "postgresql";
  std::vector<JournalEntry> entries;

  bool operator==(const Journal&) const = default;
};

// Parses journal JSON. Throws sleet::Error (Usage) naming `file` and the line:col of broken
// JSON, or the entry and key that is missing or of the wrong type.
Journal parse_journal(std::string_view text, const std::string& file);

// The journal as JSON.stringify(journal, null, 2) writes it, without a trailing newline.
std::string format_journal(const Journal& journal);

// The two layouts of a migration folder. Everything that depends on the layout (where a
// migration's files are, how it is named and ordered) is in folder_layout.cpp.
enum class FolderFormat {
  Journal,  // drizzle-kit 0.x: out/<tag>.sql, out/meta/_journal.json,
            // out/meta/<prefix>_snapshot.json
  V3,       // drizzle-kit 1.0: out/<YYYYMMDDHHMMSS>_<name>/migration.sql and snapshot.json
};

// "journal" or "v3".
std::string_view to_string(FolderFormat format);

// The layout of the folder at `directory`: Journal when meta/_journal.json exists, V3 when a
// subfolder holds migration.sql, nullopt when neither (an empty or missing folder). Throws
// sleet::Error (Usage) when it holds both, naming one migration of each kind.
std::optional<FolderFormat> detect_folder_format(const std::filesystem::path& directory);

// Where the files of migration `tag` are in a folder of `format` at `directory`.
struct MigrationFiles {
  std::filesystem::path sql;       // <tag>.sql, or <tag>/migration.sql
  std::filesystem::path snapshot;  // meta/<prefix>_snapshot.json, or <tag>/snapshot.json
};
MigrationFiles migration_files(FolderFormat format, const std::filesystem::path& directory,
                               std::string_view tag);

// The tracking row's created_at drizzle-orm 1.0 gives a v3 folder named `name`: the UTC
// milliseconds of its first 14 characters (YYYYMMDDHHMMSS). nullopt when they are not a
// valid timestamp.
std::optional<std::int64_t> v3_folder_millis(std::string_view name);

// The folder name drizzle-kit 1.0 gives a new migration: the UTC YYYYMMDDHHMMSS of
// max(when_ms, the previous folder's time + 1 s), "_", `name`; so no two folders share a
// second and a child never sorts before its parent. `previous` is the last folder's name
// (empty for the first).
std::string v3_migration_name(std::int64_t when_ms, std::string_view previous,
                              std::string_view name);

// One piece of a migration file between breakpoint markers, as the migrator sends it.
struct MigrationChunk {
  std::string text;        // exactly the bytes between markers (leading newlines kept)
  std::size_t offset = 0;  // byte offset of text's first byte in the file
};

// Splits a migration file exactly as drizzle-orm does: on every occurrence of
// kStatementBreakpoint, keeping empty and whitespace-only chunks. An empty file gives one
// empty chunk.
std::vector<MigrationChunk> split_migration(std::string_view file_text);

// The file text drizzle-kit writes for `statements`: joined by "--> statement-breakpoint\n"
// (or "\n" without breakpoints), no trailing newline added.
std::string join_statements(const std::vector<std::string>& statements, bool breakpoints = true);

// The file tag for a new migration: "<prefix>_<name>" where the prefix is the 4-digit idx,
// the UTC YYYYMMDDHHMMSS or unix seconds of `when_ms`, or empty (MigrationPrefix::None).
std::string migration_tag(MigrationPrefix prefix, int idx, std::int64_t when_ms,
                          std::string_view name);

// The snapshot file name drizzle-kit uses for `tag`: the part before the first '_' plus
// "_snapshot.json" ("0003_x" -> "0003_snapshot.json", "_x" -> "_snapshot.json").
std::string snapshot_file_name(std::string_view tag);

// A readable random name "<adjective>_<noun>" (sleet's own word lists). The same seed
// always gives the same name; without a seed the name is random.
std::string random_migration_name(std::optional<std::uint64_t> seed = std::nullopt);

// One migration of a folder: its journal entry and its file, read exactly as on disk. In a
// v3 folder the entry is made from the folder name: idx its position in name order, tag the
// folder name, when v3_folder_millis(tag).
struct Migration {
  JournalEntry entry;
  std::filesystem::path file;  // absolute: out/<tag>.sql or out/<tag>/migration.sql
  std::string text;            // the file's bytes
  std::string hash;            // sha256_hex(text)
  std::vector<MigrationChunk> chunks;
};

// What MigrationFolder::append writes.
struct NewMigration {
  std::string name;  // the tag suffix; empty: random_migration_name()
  std::vector<std::string> statements;
  bool breakpoints = true;
  std::string snapshot_json;  // meta/<prefix>_snapshot.json; empty: no snapshot written
  MigrationPrefix prefix = MigrationPrefix::Index;
  std::int64_t when = 0;  // ms since the epoch; 0: now
};

// A migration folder held in memory: the journal and every file it names. Copyable value;
// writing methods change both the folder on disk and this object. Not thread-safe.
class MigrationFolder {
 public:
  // Reads `directory` in its layout (detect_folder_format): meta/_journal.json and each
  // entry's <tag>.sql, or every subfolder holding migration.sql, in name order as
  // drizzle-orm 1.0 sorts them. Throws sleet::Error (Usage) with the path and a hint when the
  // folder or journal is missing, the journal is not valid JSON (file:line:col), an entry's
  // file is missing or unreadable, or a v3 folder name does not start with a timestamp.
  // With `missing_files` Tolerated, an entry whose .sql file is gone is kept with empty text
  // and hash, so that `sleet drop --force` can remove the entry the error points at.
  enum class MissingFiles { Refused, Tolerated };
  static MigrationFolder open(const std::filesystem::path& directory,
                              MissingFiles missing_files = MissingFiles::Refused);

  // Opens `directory`; a v3 folder is opened as it is. Otherwise first creates it and meta/
  // with an empty compact journal
  // ({"version":"7","dialect":"postgresql","entries":[]}) as drizzle-kit does when meta/ or
  // the journal does not exist. Throws as open() does, or sleet::Error (Usage) when it
  // cannot write. With `layout` V3, a folder that holds no migration yet is opened (created)
  // as an empty drizzle-kit 1.0 folder instead: no meta/, the first migration's subfolder
  // comes with append().
  static MigrationFolder open_or_create(const std::filesystem::path& directory,
                                        FolderFormat layout = FolderFormat::Journal);

  const std::filesystem::path& directory() const { return directory_; }
  FolderFormat format() const { return format_; }
  std::filesystem::path meta_directory() const { return directory_ / "meta"; }
  // The file that lists the migrations, where errors about the list point: meta/_journal.json,
  // or for a v3 folder (which has no list) the folder itself.
  std::filesystem::path journal_file() const {
    return format_ == FolderFormat::V3 ? directory_ : meta_directory() / "_journal.json";
  }
  // The files of migration `tag` in this folder's layout.
  MigrationFiles files_of(std::string_view tag) const {
    return migration_files(format_, directory_, tag);
  }
  const Journal& journal() const { return journal_; }
  // In journal order.
  const std::vector<Migration>& migrations() const { return migrations_; }
  // The migration with `tag`, or nullptr.
  const Migration* find(std::string_view tag) const;

  // meta/*.json files whose name does not start with '_', sorted by name (drizzle-kit's
  // rule: the last one is the previous snapshot for the next generate). For a v3 folder:
  // each migration's snapshot.json that exists, in name order (each a base or a diff).
  std::vector<std::filesystem::path> snapshot_files() const;
  // The last of snapshot_files(), or nullopt when there is none.
  std::optional<std::filesystem::path> latest_snapshot() const;

  // Appends a migration: writes <tag>.sql (join_statements), meta/<prefix>_snapshot.json and
  // the journal (idx = last idx + 1). In a v3 folder: <tag>/migration.sql and
  // <tag>/snapshot.json, the tag v3_migration_name(when, last migration, name) (`prefix` is
  // not used). Returns the new migration. Throws sleet::Error (Usage)
  // when a file cannot be written or the tag already exists.
  const Migration& append(const NewMigration& migration);

  // Removes the migration `tag`: its .sql, its snapshot and its journal entry (files that
  // are already gone are ignored); in a v3 folder, its whole subfolder. A snapshot file that
  // another entry names too (the same prefix, as a merge of two branches leaves it) is kept. Throws
  // sleet::Error (Usage) when no entry has that tag.
  void remove(std::string_view tag);

 private:
  void write_journal() const;

  std::filesystem::path directory_;
  FolderFormat format_ = FolderFormat::Journal;
  Journal journal_;
  std::vector<Migration> migrations_;
};

// Two branches of a folder that git merged without their migrations being put in one line:
// `first` and `second` are the migrations each branch added since `since` (their newest
// common migration; empty when they share none), in folder order. `shared_snapshot` is set
// for a drizzle-kit 0.x folder whose two branches each numbered a migration the same, so
// only one of their meta/NNNN_snapshot.json files survived the merge (that file's name).
struct UnmergedBranches {
  std::string since;
  std::vector<std::string> first;
  std::vector<std::string> second;
  std::string shared_snapshot;
};

// The unmerged branches of `folder`, from its snapshots' ids and parents alone (each file's
// header is read, not the schema): in a v3 folder two leaves (snapshots no other names as a
// parent) with a common ancestor; in a 0.x folder two snapshots with the same prevId, or two
// journal entries sharing a number (the migrations of each branch are then told apart by
// journal order: the second such entry and what follows it are the second branch). Empty
// when the migrations form one line, and for migrations without snapshots. Unreadable
// snapshots are skipped (check reports them).
std::vector<UnmergedBranches> find_unmerged_branches(const MigrationFolder& folder);

// The sentence migrate and status say about `branches`, naming both leaves and what to run.
std::string describe_unmerged_branches(const UnmergedBranches& branches, FolderFormat format);

}  // namespace sleet
