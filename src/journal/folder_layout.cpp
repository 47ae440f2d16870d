// The two layouts of a migration folder (drizzle-kit 0.x's journal, drizzle-kit 1.0's v3
// subfolders): which one a folder uses, where a migration's files are, how v3 folders are
// named and timed. The rest of the journal module asks here instead of building paths.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "sleet/error.h"
#include "sleet/journal.h"

namespace sleet {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kTimestampLength = 14;  // YYYYMMDDHHMMSS

// The first subfolder of `directory` that holds migration.sql, or empty.
std::string first_v3_migration(const fs::path& directory) {
  std::error_code error;
  std::vector<std::string> names;
  for (const auto& item : fs::directory_iterator(directory, error)) {
    if (item.is_directory(error) && fs::exists(item.path() / "migration.sql", error)) {
      names.push_back(item.path().filename().string());
    }
  }
  if (names.empty()) return "";
  return *std::min_element(names.begin(), names.end());
}

std::string utc_timestamp(std::int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}", utc.tm_year + 1900, utc.tm_mon + 1,
                     utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

}  // namespace

std::string_view to_string(FolderFormat format) {
  return format == FolderFormat::V3 ? "v3" : "journal";
}

std::optional<FolderFormat> detect_folder_format(const fs::path& directory) {
  std::error_code error;
  bool journal = fs::exists(directory / "meta" / "_journal.json", error);
  std::string v3 = first_v3_migration(directory);
  if (journal && !v3.empty()) {
    throw Error(ErrorKind::Usage,
                fmt::format("the folder holds both layouts: meta/_journal.json (drizzle-kit 0.x) "
                            "and {}/migration.sql (drizzle-kit 1.0)",
                            v3),
                directory.string(),
                "a folder uses one layout: move the migrations of the other one out (drizzle-kit "
                "1.0's 'drizzle-kit up' converts a 0.x folder and removes meta/)");
  }
  if (journal) return FolderFormat::Journal;
  if (!v3.empty()) return FolderFormat::V3;
  return std::nullopt;
}

MigrationFiles migration_files(FolderFormat format, const fs::path& directory,
                               std::string_view tag) {
  if (format == FolderFormat::V3) {
    fs::path folder = directory / std::string(tag);
    return {folder / "migration.sql", folder / "snapshot.json"};
  }
  return {directory / (std::string(tag) + ".sql"), directory / "meta" / snapshot_file_name(tag)};
}

std::optional<std::int64_t> v3_folder_millis(std::string_view name) {
  if (name.size() < kTimestampLength) return std::nullopt;
  std::string_view digits = name.substr(0, kTimestampLength);
  if (!std::all_of(digits.begin(), digits.end(),
                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return std::nullopt;
  }
  auto number = [&](std::size_t at, std::size_t length) {
    return std::stoi(std::string(digits.substr(at, length)));
  };
  using namespace std::chrono;
  year_month_day day{year{number(0, 4)}, month{static_cast<unsigned>(number(4, 2))},
                     std::chrono::day{static_cast<unsigned>(number(6, 2))}};
  int hour = number(8, 2), minute = number(10, 2), second = number(12, 2);
  if (!day.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  auto seconds = sys_days{day}.time_since_epoch() + hours{hour} + minutes{minute} +
                 std::chrono::seconds{second};
  return duration_cast<milliseconds>(seconds).count();
}

std::string v3_migration_name(std::int64_t when_ms, std::string_view previous,
                              std::string_view name) {
  std::int64_t at = when_ms;
  if (auto parent = v3_folder_millis(previous)) at = std::max(at, *parent + 1000);
  return fmt::format("{}_{}", utc_timestamp(at), name);
}

}  // namespace sleet
