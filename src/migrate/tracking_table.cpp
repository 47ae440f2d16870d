#include "migrate/tracking_table.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>

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

std::string host_name() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0) return "unknown";
  return buffer;
}

}  // namespace

bool tracking_table_exists(db::Connection& connection, const MigrateOptions& options) {
  return table_exists(connection, tracking_table_name(options));
}

void create_tracking_tables(db::Connection& connection, const MigrateOptions& options) {
  connection.execute("CREATE SCHEMA IF NOT EXISTS " +
                     sql::quote_identifier(options.migrations_schema));
  connection.execute(fmt::format(
      "CREATE TABLE IF NOT EXISTS {} (\n  id SERIAL PRIMARY KEY,\n  hash text NOT NULL,\n"
      "  created_at bigint\n)",
      tracking_table_name(options)));
  connection.execute(fmt::format(
      "CREATE TABLE IF NOT EXISTS {} (\n  id bigserial PRIMARY KEY,\n  hash text NOT NULL,\n"
      "  tag text NOT NULL,\n  created_at bigint,\n"
      "  applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),\n  duration_ms bigint,\n"
      "  applied_by text,\n  sleet_version text,\n  mode text\n)",
      history_table_name(options)));
}

std::vector<TrackingRow> read_tracking_rows(db::Connection& connection,
                                            const MigrateOptions& options) {
  auto result = connection.execute(
      fmt::format("select id, hash, created_at from {} order by id", tracking_table_name(options)));
  std::vector<TrackingRow> rows;
  for (int i = 0; i < result.rows(); ++i) {
    TrackingRow row;
    row.id = std::stoll(std::string(result.value(i, 0)));
    row.hash = std::string(result.value(i, 1));
    if (auto created = result.get(i, 2)) row.created_at = std::stoll(*created);
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
                      const Migration& migration, double duration_ms, const std::string& mode) {
  // The same statement drizzle-orm runs, so the rows are indistinguishable from its own.
  connection.query(fmt::format("insert into {} (\"hash\", \"created_at\") values($1, $2)",
                               tracking_table_name(options)),
                   migration.hash, migration.entry.when);
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
