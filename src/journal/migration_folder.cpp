// MigrationFolder: reading and writing a drizzle-kit migration folder.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "sleet/error.h"
#include "sleet/journal.h"

namespace sleet {

namespace fs = std::filesystem;

namespace {

Migration read_migration(const fs::path& directory, const JournalEntry& entry,
                         const fs::path& journal_file) {
  Migration migration;
  migration.entry = entry;
  migration.file = directory / (entry.tag + ".sql");
  std::error_code error;
  if (!fs::exists(migration.file, error)) {
    throw Error(ErrorKind::Usage,
                fmt::format("journal entry {} (idx {}) has no file {}", entry.tag, entry.idx,
                            migration.file.string()),
                journal_file.string(),
                "restore the .sql file from version control, or remove the entry with "
                "'sleet drop " +
                    entry.tag + " --force'");
  }
  migration.text = read_text_file(migration.file);
  migration.hash = sha256_hex(migration.text);
  migration.chunks = split_migration(utf8_text(migration.text, migration.file.string()));
  return migration;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

MigrationFolder MigrationFolder::open(const fs::path& directory) {
  MigrationFolder folder;
  folder.directory_ = fs::absolute(directory).lexically_normal();
  std::error_code error;
  if (!fs::is_directory(folder.directory_, error)) {
    throw Error(ErrorKind::Usage, "the migration folder does not exist", folder.directory_.string(),
                "check `out` in sleet.toml (or --out), or create migrations with 'sleet generate'");
  }
  fs::path journal_file = folder.journal_file();
  if (!fs::exists(journal_file, error)) {
    throw Error(ErrorKind::Usage, "the migration folder has no meta/_journal.json",
                journal_file.string(),
                "is this the right folder? 'sleet generate' creates the journal");
  }
  folder.journal_ = parse_journal(read_text_file(journal_file), journal_file.string());
  for (const auto& entry : folder.journal_.entries) {
    folder.migrations_.push_back(read_migration(folder.directory_, entry, journal_file));
  }
  return folder;
}

MigrationFolder MigrationFolder::open_or_create(const fs::path& directory) {
  fs::path meta = fs::absolute(directory) / "meta";
  std::error_code error;
  if (!fs::exists(meta / "_journal.json", error)) {
    fs::create_directories(meta, error);
    if (error) {
      throw Error(ErrorKind::Usage, "cannot create the migration folder: " + error.message(),
                  meta.string());
    }
    // drizzle-kit initialises the journal compactly; the first append rewrites it indented.
    write_text_file(meta / "_journal.json",
                    R"({"version":"7","dialect":"postgresql","entries":[]})");
  }
  return open(directory);
}

const Migration* MigrationFolder::find(std::string_view tag) const {
  for (const auto& migration : migrations_) {
    if (migration.entry.tag == tag) return &migration;
  }
  return nullptr;
}

std::vector<fs::path> MigrationFolder::snapshot_files() const {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& item : fs::directory_iterator(meta_directory(), error)) {
    std::string name = item.path().filename().string();
    if (name.empty() || name[0] == '_' || item.path().extension() != ".json") continue;
    files.push_back(item.path());
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  return files;
}

std::optional<fs::path> MigrationFolder::latest_snapshot() const {
  auto files = snapshot_files();
  if (files.empty()) return std::nullopt;
  return files.back();
}

void MigrationFolder::write_journal() const {
  write_text_file(journal_file(), format_journal(journal_));
}

const Migration& MigrationFolder::append(const NewMigration& migration) {
  JournalEntry entry;
  entry.idx = journal_.entries.empty() ? 0 : journal_.entries.back().idx + 1;
  entry.when = migration.when != 0 ? migration.when : now_ms();
  entry.breakpoints = migration.breakpoints;
  std::string name = migration.name.empty() ? random_migration_name() : migration.name;
  entry.tag = migration_tag(migration.prefix, entry.idx, entry.when, name);
  if (find(entry.tag)) {
    throw Error(ErrorKind::Usage, fmt::format("a migration named {} already exists", entry.tag),
                directory_.string(), "choose another name");
  }
  std::error_code error;
  fs::create_directories(meta_directory(), error);

  Migration added;
  added.entry = entry;
  added.file = directory_ / (entry.tag + ".sql");
  added.text = join_statements(migration.statements, migration.breakpoints);
  added.hash = sha256_hex(added.text);
  added.chunks = split_migration(added.text);
  write_text_file(added.file, added.text);
  if (!migration.snapshot_json.empty()) {
    write_text_file(meta_directory() / snapshot_file_name(entry.tag), migration.snapshot_json);
  }
  journal_.entries.push_back(entry);
  write_journal();
  migrations_.push_back(std::move(added));
  return migrations_.back();
}

void MigrationFolder::remove(std::string_view tag) {
  auto it = std::find_if(migrations_.begin(), migrations_.end(),
                         [&](const Migration& m) { return m.entry.tag == tag; });
  if (it == migrations_.end()) {
    throw Error(ErrorKind::Usage, fmt::format("no migration named {} in the journal", tag),
                journal_file().string(), "run 'sleet status' or 'sleet check' to list migrations");
  }
  std::error_code error;
  fs::remove(it->file, error);
  // A snapshot file another kept entry also names (the same prefix, after a merge) stays.
  std::string snapshot = snapshot_file_name(tag);
  bool shared = std::any_of(migrations_.begin(), migrations_.end(), [&](const Migration& other) {
    return other.entry.tag != tag && snapshot_file_name(other.entry.tag) == snapshot;
  });
  if (!shared) fs::remove(meta_directory() / snapshot, error);
  journal_.entries.erase(journal_.entries.begin() + (it - migrations_.begin()));
  migrations_.erase(it);
  write_journal();
}

}  // namespace sleet
