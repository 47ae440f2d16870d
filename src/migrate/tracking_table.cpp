#include "migrate/tracking_table.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <optional>

#include "sleet/sql.h"

namespace sleet::migrate_internal {

std::string tracking_table_name(const MigrateOptions& options) {
  return sql::quote_identifier(options.migrations_schema) + "." +
         sql::quote_identifier(options.migrations_table);
}

std::string history_table_name(const MigrateOptions& options) {
  return sql::quote_identifier(options.migrations_schema) + "." +
         sql::quote_identifier(options.history_table);
}

namespace {

bool table_exists(db::Connection& connection, const std::string& qualified) {
  auto result = connection.query("select to_regclass($1) is not null", qualified);
  return result.value(0, 0) == "t";
}

// Whether the tracking table has drizzle-orm 1.0's `name` column (its "version 1" table).
bool has_name_column(db::Connection& connection, const MigrateOptions& options) {
  auto result = connection.query(
      "select exists (select from pg_attribute a join pg_class c on c.oid = a.attrelid join "
      "pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2 and "
      "a.attname = 'name' and a.attnum > 0 and not a.attisdropped)",
      options.migrations_schema, options.migrations_table);
  return result.value(0, 0) == "t";
}

// drizzle-orm 1.0's upgrade of an old tracking table, statement for statement.
void upgrade_tracking_table(db::Connection& connection, const MigrateOptions& options,
                            const MigrationFolder& folder) {
  std::optional<db::Transaction> own;
  if (connection.is_idle()) own.emplace(connection);
  std::vector<TrackingRow> rows = read_tracking_rows(connection, options);
  std::vector<std::optional<std::size_t>> matches = match_unnamed_rows(folder.migrations(), rows);
  std::string table = tracking_table_name(options);
  connection.execute(fmt::format("ALTER TABLE {} ADD COLUMN IF NOT EXISTS \"name\" text", table));
  connection.execute(
      fmt::format("ALTER TABLE {} ADD COLUMN IF NOT EXISTS \"applied_at\" timestamp with time zone "
                  "DEFAULT now()",
                  table));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!matches[i]) continue;
    connection.query(
        fmt::format("UPDATE {} SET \"name\" = $1, \"applied_at\" = NULL WHERE \"id\" = $2", table),
        folder.migrations()[*matches[i]].entry.tag, rows[i].id);
  }
  if (own) own->commit();
}

std::string host_name() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0) return "unknown";
  return buffer;
}

}  // namespace

bool tracking_table_exists(db::Connection& connection, const MigrateOptions& options) {
  return table_exists(connection, tracking_table_name(options));
}

void create_tracking_tables(db::Connection& connection, const MigrateOptions& options,
                            const MigrationFolder& folder) {
  // Only when missing: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when
  // the schema exists, which a role granted CREATE on the schema alone lacks.
  if (connection.query("select 1 from pg_namespace where nspname = $1", options.migrations_schema)
          .rows() == 0) {
    connection.execute("CREATE SCHEMA IF NOT EXISTS " +
                       sql::quote_identifier(options.migrations_schema));
  }
  if (folder.format() == FolderFormat::V3) {
    if (tracking_table_exists(connection, options)) {
      if (!has_name_column(connection, options))
        upgrade_tracking_table(connection, options, folder);
    } else {
      connection.execute(fmt::format(
          "CREATE TABLE IF NOT EXISTS {} (\n  id SERIAL PRIMARY KEY,\n  hash text NOT NULL,\n"
          "  created_at bigint,\n  name text,\n  applied_at timestamp with time zone DEFAULT "
          "now()\n)",
          tracking_table_name(options)));
    }
  } else {
    connection.execute(fmt::format(
        "CREATE TABLE IF NOT EXISTS {} (\n  id SERIAL PRIMARY KEY,\n  hash text NOT NULL,\n"
        "  created_at bigint\n)",
        tracking_table_name(options)));
  }
  create_history_table(connection, options);
}

void create_history_table(db::Connection& connection, const MigrateOptions& options) {
  connection.execute(fmt::format(
      "CREATE TABLE IF NOT EXISTS {} (\n  id bigserial PRIMARY KEY,\n  hash text NOT NULL,\n"
      "  tag text NOT NULL,\n  created_at bigint,\n"
      "  applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),\n  duration_ms bigint,\n"
      "  applied_by text,\n  sleet_version text,\n  mode text\n)",
      history_table_name(options)));
}

std::vector<TrackingRow> read_tracking_rows(db::Connection& connection,
                                            const MigrateOptions& options) {
  auto result = connection.execute(fmt::format(
      "select id, hash, created_at, {} from {} order by id",
      has_name_column(connection, options) ? "name" : "null::text", tracking_table_name(options)));
  std::vector<TrackingRow> rows;
  for (int i = 0; i < result.rows(); ++i) {
    TrackingRow row;
    row.id = std::stoll(std::string(result.value(i, 0)));
    row.hash = std::string(result.value(i, 1));
    if (auto created = result.get(i, 2)) row.created_at = std::stoll(*created);
    if (auto name = result.get(i, 3)) row.name = std::string(*name);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::map<std::string, HistoryRecord> read_history(db::Connection& connection,
                                                  const MigrateOptions& options) {
  std::map<std::string, HistoryRecord> records;
  if (!table_exists(connection, history_table_name(options))) return records;
  auto result = connection.execute(fmt::format(
      "select hash, to_char(applied_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
      "coalesce(applied_by, ''), coalesce(mode, '') from {} where mode is distinct from "
      "'rollback' order by id",
      history_table_name(options)));
  for (int i = 0; i < result.rows(); ++i) {
    records[std::string(result.value(i, 0))] = {std::string(result.value(i, 1)),
                                                std::string(result.value(i, 2)),
                                                std::string(result.value(i, 3))};
  }
  return records;
}

void record_migration(db::Connection& connection, const MigrateOptions& options,
                      FolderFormat format, const Migration& migration, double duration_ms,
                      const std::string& mode) {
  // The same statement drizzle-orm runs, so the rows are indistinguishable from its own.
  if (format == FolderFormat::V3) {
    connection.query(
        fmt::format("insert into {} (\"hash\", \"created_at\", \"name\") values($1, $2, $3)",
                    tracking_table_name(options)),
        migration.hash, migration.entry.when, migration.entry.tag);
  } else {
    connection.query(fmt::format("insert into {} (\"hash\", \"created_at\") values($1, $2)",
                                 tracking_table_name(options)),
                     migration.hash, migration.entry.when);
  }
  record_history(connection, options, migration, duration_ms, mode);
}

void record_history(db::Connection& connection, const MigrateOptions& options,
                    const Migration& migration, double duration_ms, const std::string& mode) {
  connection.query(
      fmt::format("insert into {} (hash, tag, created_at, duration_ms, applied_by, sleet_version, "
                  "mode) values ($1, $2, $3, $4, current_user || '@' || $5, $6, $7)",
                  history_table_name(options)),
      migration.hash, migration.entry.tag, migration.entry.when,
      static_cast<std::int64_t>(std::llround(duration_ms)), host_name(), std::string(SLEET_VERSION),
      mode);
}

}  // namespace sleet::migrate_internal
