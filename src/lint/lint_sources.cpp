// What lint learns beyond the SQL text: the schema before each migration of a folder (its
// snapshots) and, from a live database, table sizes and the server version.
#include <fmt/format.h>

#include <cstdlib>
#include <mutex>

#include "sleet/db.h"
#include "sleet/files.h"
#include "sleet/journal.h"
#include "sleet/lint.h"
#include "sleet/snapshot.h"

namespace sleet {

LintCatalog read_lint_catalog(db::Connection& connection) {
  LintCatalog catalog;
  catalog.server_version = connection.server_version();
  constexpr std::string_view kUserSchemas =
      "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' "
      "AND n.nspname NOT LIKE 'pg_temp%'";
  db::Result tables = connection.execute(
      fmt::format("SELECT n.nspname, c.relname, c.reltuples::float8 FROM pg_catalog.pg_class c "
                  "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE c.relkind IN ('r', 'p', 'm') AND {}",
                  kUserSchemas));
  for (int row = 0; row < tables.rows(); ++row) {
    catalog.table_rows[fmt::format("{}.{}", tables.value(row, 0), tables.value(row, 1))] =
        std::strtod(std::string(tables.value(row, 2)).c_str(), nullptr);
  }
  db::Result indexes = connection.execute(
      fmt::format("SELECT n.nspname, i.relname, t.relname FROM pg_catalog.pg_index x "
                  "JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid "
                  "JOIN pg_catalog.pg_class t ON t.oid = x.indrelid "
                  "JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace WHERE {}",
                  kUserSchemas));
  for (int row = 0; row < indexes.rows(); ++row) {
    std::string schema(indexes.value(row, 0));
    catalog.index_tables[fmt::format("{}.{}", schema, indexes.value(row, 1))] =
        fmt::format("{}.{}", schema, indexes.value(row, 2));
  }
  return catalog;
}

std::vector<LintFile> folder_lint_files(const MigrationFolder& folder, std::size_t first,
                                        const std::filesystem::path& relative_to) {
  const std::vector<Migration>& migrations = folder.migrations();
  std::vector<LintFile> files;
  for (std::size_t i = first; i < migrations.size(); ++i) {
    const Migration& migration = migrations[i];
    LintFile file;
    file.name = relative_to.empty() ? migration.file.string()
                                    : migration.file.lexically_relative(relative_to).string();
    file.sql = migration.text;
    if (i == 0) {
      file.schema_before = [] { return std::make_shared<const Schema>(); };
    } else {
      std::filesystem::path snapshot =
          folder.meta_directory() / snapshot_file_name(migrations[i - 1].entry.tag);
      file.schema_before = [snapshot]() -> std::shared_ptr<const Schema> {
        if (!std::filesystem::exists(snapshot)) return nullptr;
        return std::make_shared<const Schema>(
            load_snapshot(read_text_file(snapshot), snapshot.string()));
      };
    }
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace sleet
