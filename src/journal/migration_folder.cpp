// MigrationFolder: reading and writing a drizzle-kit migration folder.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "sleet/down_scripts.h"
#include "sleet/error.h"
#include "sleet/journal.h"

namespace sleet {

namespace fs = std::filesystem;

namespace {

Migration read_migration(FolderFormat format, const fs::path& directory, const JournalEntry& entry,
                         const fs::path& journal_file, bool tolerate_missing) {
  Migration migration;
  migration.entry = entry;
  migration.file = migration_files(format, directory, entry.tag).sql;
  std::error_code error;
  if (!fs::exists(migration.file, error)) {
    if (tolerate_missing) return migration;
    throw Error(ErrorKind::Usage,
                fmt::format("journal entry {} (idx {}) has no file {}", entry.tag, entry.idx,
                            migration.file.string()),
                journal_file.string(),
                "restore the .sql file from version control, or remove the entry with "
                "'sleet drop " +
                    entry.tag + " --force' (--yes without a terminal)");
  }
  migration.text = read_text_file(migration.file);
  migration.hash = sha256_hex(migration.text);
  migration.chunks = split_migration(utf8_text(migration.text, migration.file.string()));
  return migration;
}

// A v3 folder's migrations, as drizzle-orm 1.0 finds them: the subfolders holding
// migration.sql, sorted by name. Its sort is localeCompare; folder names are a 14-digit
// timestamp, '_' and a name, and never share a timestamp when drizzle-kit or sleet wrote them,
// so byte order agrees.
Journal read_v3_entries(const fs::path& directory) {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& item : fs::directory_iterator(directory, error)) {
    if (item.is_directory(error) && fs::exists(item.path() / "migration.sql", error)) {
      names.push_back(item.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  Journal journal;
  journal.version = "9";
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::optional<std::int64_t> when = v3_folder_millis(names[i]);
    if (!when) {
      throw Error(ErrorKind::Usage,
                  fmt::format("migration folder {} does not start with a UTC timestamp "
                              "(YYYYMMDDHHMMSS_name), so no tracking time can be given to it",
                              names[i]),
                  (directory / names[i]).string(),
                  "rename it to <timestamp>_<name> as drizzle-kit 1.0 names folders, or move it "
                  "out of the migration folder");
    }
    journal.entries.push_back({static_cast<int>(i), "9", *when, names[i], true});
  }
  return journal;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

MigrationFolder MigrationFolder::open(const fs::path& directory, MissingFiles missing_files) {
  MigrationFolder folder;
  folder.directory_ = fs::absolute(directory).lexically_normal();
  std::error_code error;
  if (!fs::is_directory(folder.directory_, error)) {
    throw Error(ErrorKind::Usage, "the migration folder does not exist", folder.directory_.string(),
                "check `out` in sleet.toml (or --out), or create migrations with 'sleet generate'");
  }
  std::optional<FolderFormat> format = detect_folder_format(folder.directory_);
  fs::path journal_file = folder.journal_file();
  if (!format) {
    throw Error(ErrorKind::Usage,
                "the migration folder has neither meta/_journal.json (drizzle-kit 0.x) nor "
                "<timestamp>_<name>/migration.sql folders (drizzle-kit 1.0)",
                journal_file.string(),
                "is this the right folder? 'sleet generate' creates the first migration");
  }
  folder.format_ = *format;
  if (folder.format_ == FolderFormat::V3) {
    folder.journal_ = read_v3_entries(folder.directory_);
    journal_file = folder.journal_file();
  } else {
    folder.journal_ = parse_journal(read_text_file(journal_file), journal_file.string());
  }
  for (const auto& entry : folder.journal_.entries) {
    folder.migrations_.push_back(
        read_migration(folder.format_, folder.directory_, entry, journal_file,
                       missing_files == MissingFiles::Tolerated));
  }
  return folder;
}

MigrationFolder MigrationFolder::open_or_create(const fs::path& directory, FolderFormat layout) {
  fs::path meta = fs::absolute(directory) / "meta";
  std::error_code error;
  if (layout == FolderFormat::V3 && !detect_folder_format(fs::absolute(directory))) {
    fs::create_directories(directory, error);
    if (error) {
      throw Error(ErrorKind::Usage, "cannot create the migration folder: " + error.message(),
                  fs::absolute(directory).string());
    }
    MigrationFolder folder;
    folder.directory_ = fs::absolute(directory).lexically_normal();
    folder.format_ = FolderFormat::V3;
    return folder;
  }
  if (!detect_folder_format(fs::absolute(directory))) {
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
  if (format_ == FolderFormat::V3) {
    for (const auto& migration : migrations_) {
      fs::path snapshot = files_of(migration.entry.tag).snapshot;
      if (fs::exists(snapshot, error)) files.push_back(snapshot);
    }
    return files;
  }
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
  if (format_ == FolderFormat::V3) return;  // the subfolders are the list
  write_text_file(journal_file(), format_journal(journal_));
}

const Migration& MigrationFolder::append(const NewMigration& migration) {
  JournalEntry entry;
  entry.idx = journal_.entries.empty() ? 0 : journal_.entries.back().idx + 1;
  entry.when = migration.when != 0 ? migration.when : now_ms();
  entry.breakpoints = migration.breakpoints;
  std::string name = migration.name.empty() ? random_migration_name() : migration.name;
  if (format_ == FolderFormat::V3) {
    std::string previous = migrations_.empty() ? "" : migrations_.back().entry.tag;
    entry.tag = v3_migration_name(entry.when, previous, name);
    entry.when = *v3_folder_millis(entry.tag);
    entry.version = "9";
  } else {
    entry.tag = migration_tag(migration.prefix, entry.idx, entry.when, name);
  }
  if (find(entry.tag)) {
    throw Error(ErrorKind::Usage, fmt::format("a migration named {} already exists", entry.tag),
                directory_.string(), "choose another name");
  }
  MigrationFiles files = files_of(entry.tag);
  std::error_code error;
  fs::create_directories(files.sql.parent_path(), error);
  fs::create_directories(files.snapshot.parent_path(), error);

  Migration added;
  added.entry = entry;
  added.file = files.sql;
  added.text = join_statements(migration.statements, migration.breakpoints);
  added.hash = sha256_hex(added.text);
  added.chunks = split_migration(added.text);
  write_text_file(added.file, added.text);
  if (!migration.snapshot_json.empty()) {
    write_text_file(files.snapshot, migration.snapshot_json);
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
  if (format_ == FolderFormat::V3) {
    fs::remove_all(it->file.parent_path(), error);
    journal_.entries.erase(journal_.entries.begin() + (it - migrations_.begin()));
    migrations_.erase(it);
    return;
  }
  fs::remove(it->file, error);
  fs::remove(down_script_file(it->file), error);
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
