// Where down scripts live in a migration folder: the one place that knows their naming, so
// drizzle-kit 1.0's folder layout is a small addition here. drizzle-kit's migrators read only
// the journal's files, so they never run a down script.
#pragma once

#include <filesystem>

namespace sleet {

// The down script beside `migration_file`: out/<tag>.down.sql for the journal layout
// (out/<tag>.sql), and down.sql in the migration's folder for drizzle-kit 1.0's layout
// (out/<tag>/migration.sql).
std::filesystem::path down_script_file(const std::filesystem::path& migration_file);

// Whether `file` is named as down_script_file names down scripts (folder checks skip them).
bool is_down_script_file(const std::filesystem::path& file);

}  // namespace sleet
