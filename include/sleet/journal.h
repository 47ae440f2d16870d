// The journal module: a drizzle-kit migration folder (out/NNNN_tag.sql, out/meta/_journal.json,
// out/meta/NNNN_snapshot.json) read and written byte-compatibly with drizzle-kit 0.31, the
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

// One migration of a folder: its journal entry and its file, read exactly as on disk.
struct Migration {
  JournalEntry entry;
  std::filesystem::path file;  // absolute: out/<tag>.sql
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
  // Reads `directory`: meta/_journal.json and each entry's <tag>.sql. Throws sleet::Error
  // (Usage) with the path and a hint when the folder or journal is missing, the journal is
  // not valid JSON (file:line:col), or an entry's file is missing or unreadable.
  static MigrationFolder open(const std::filesystem::path& directory);

  // Opens `directory`, first creating it and meta/ with an empty compact journal
  // ({"version":"7","dialect":"postgresql","entries":[]}) as drizzle-kit does when meta/ or
  // the journal does not exist. Throws as open() does, or sleet::Error (Usage) when it
  // cannot write.
  static MigrationFolder open_or_create(const std::filesystem::path& directory);

  const std::filesystem::path& directory() const { return directory_; }
  std::filesystem::path meta_directory() const { return directory_ / "meta"; }
  std::filesystem::path journal_file() const { return meta_directory() / "_journal.json"; }
  const Journal& journal() const { return journal_; }
  // In journal order.
  const std::vector<Migration>& migrations() const { return migrations_; }
  // The migration with `tag`, or nullptr.
  const Migration* find(std::string_view tag) const;

  // meta/*.json files whose name does not start with '_', sorted by name (drizzle-kit's
  // rule: the last one is the previous snapshot for the next generate).
  std::vector<std::filesystem::path> snapshot_files() const;
  // The last of snapshot_files(), or nullopt when there is none.
  std::optional<std::filesystem::path> latest_snapshot() const;

  // Appends a migration: writes <tag>.sql (join_statements), meta/<prefix>_snapshot.json and
  // the journal (idx = last idx + 1). Returns the new migration. Throws sleet::Error (Usage)
  // when a file cannot be written or the tag already exists.
  const Migration& append(const NewMigration& migration);

  // Removes the migration `tag`: its .sql, its snapshot and its journal entry (files that
  // are already gone are ignored). A snapshot file that another entry names too (the same
  // prefix, as a merge of two branches leaves it) is kept. Throws sleet::Error (Usage) when no entry has that tag.
  void remove(std::string_view tag);

 private:
  void write_journal() const;

  std::filesystem::path directory_;
  Journal journal_;
  std::vector<Migration> migrations_;
};

}  // namespace sleet
