// sleet convert's tracking rows: every row of the source folder's migrations rewritten the way
// the other drizzle-orm generation decides what is pending (1.0: by `name`; 0.x: by the newest
// `created_at`), so nothing runs again after the folder changed layout. Names are written
// here rather than left to drizzle-orm 1.0's upgrade, which matches rows by the second of
// created_at and would pick the wrong migration when conversion moved one to the next second.
#include <fmt/format.h>

#include <map>

#include "sleet/error.h"
#include "sleet/migrate.h"
#include "tracking_table.h"

namespace sleet {

namespace {

using migrate_internal::read_tracking_rows;
using migrate_internal::tracking_table_exists;
using migrate_internal::tracking_table_name;

// The migration (index into `migrations`) each journal row records, as classify_migrations
// matches them, except that several rows may record one migration (drizzle's unlocked race).
std::vector<std::optional<std::size_t>> match_journal_rows(const std::vector<Migration>& migrations,
                                                           const std::vector<TrackingRow>& rows) {
  std::vector<std::optional<std::size_t>> matches(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const TrackingRow& row = rows[r];
    auto find = [&](auto&& accepts) -> std::optional<std::size_t> {
      for (std::size_t m = 0; m < migrations.size(); ++m) {
        if (accepts(migrations[m])) return m;
      }
      return std::nullopt;
    };
    matches[r] = find(
        [&](const Migration& m) { return row.created_at == m.entry.when && row.hash == m.hash; });
    if (!matches[r])
      matches[r] = find([&](const Migration& m) { return row.created_at == m.entry.when; });
    if (!matches[r]) matches[r] = find([&](const Migration& m) { return row.hash == m.hash; });
  }
  return matches;
}

std::vector<std::optional<std::size_t>> match_v3_rows(const std::vector<Migration>& migrations,
                                                      const std::vector<TrackingRow>& rows) {
  std::vector<std::optional<std::size_t>> matches = match_unnamed_rows(migrations, rows);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (!rows[r].name) continue;
    for (std::size_t m = 0; m < migrations.size(); ++m) {
      if (migrations[m].entry.tag == *rows[r].name) matches[r] = m;
    }
  }
  return matches;
}

}  // namespace

TrackingCarryOver plan_tracking_carry_over(db::Connection& connection,
                                           const MigrateOptions& options,
                                           const MigrationFolder& source,
                                           const FolderConversion& conversion) {
  TrackingCarryOver carry;
  carry.table_exists = tracking_table_exists(connection, options);
  if (!carry.table_exists) return carry;
  std::vector<TrackingRow> rows = read_tracking_rows(connection, options);
  const std::vector<Migration>& migrations = source.migrations();
  std::vector<std::optional<std::size_t>> matches = source.format() == FolderFormat::V3
                                                        ? match_v3_rows(migrations, rows)
                                                        : match_journal_rows(migrations, rows);
  std::string table = tracking_table_name(options);
  std::vector<bool> applied(migrations.size(), false);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (!matches[r]) {
      throw Error(
          ErrorKind::Usage,
          fmt::format("tracking row id {} (hash {}, created_at {}{}) records no migration of the "
                      "folder",
                      rows[r].id, rows[r].hash.substr(0, 12),
                      rows[r].created_at ? std::to_string(*rows[r].created_at) : "null",
                      rows[r].name ? ", name " + *rows[r].name : ""),
          table,
          "nothing was converted; this database was migrated from another folder or a migration "
          "file was deleted: convert with the folder that migrated it, or pass --offline to leave "
          "the database alone");
    }
    std::size_t m = *matches[r];
    applied[m] = true;
    const ConvertedMigration& converted = conversion.migrations.at(m);
    carry.rows.push_back({rows[r].id, converted.from_tag, converted.to_tag, converted.when});
  }
  if (conversion.to == FolderFormat::Journal) {
    for (std::size_t m = 0; m < migrations.size(); ++m) {
      if (applied[m]) continue;
      for (std::size_t later = m + 1; later < migrations.size(); ++later) {
        if (!applied[later]) continue;
        throw Error(
            ErrorKind::Usage,
            fmt::format("{} is not applied in this database but the later {} is: drizzle-orm 0.x "
                        "applies only migrations newer than the newest applied one, so it would "
                        "never run {}",
                        migrations[m].entry.tag, migrations[later].entry.tag,
                        migrations[m].entry.tag),
            table, "nothing was converted; apply it first ('sleet migrate'), then convert");
      }
    }
  }
  return carry;
}

void carry_tracking_rows(db::Connection& connection, const MigrateOptions& options,
                         const TrackingCarryOver& carry, FolderFormat to) {
  if (!carry.table_exists) return;
  std::string table = tracking_table_name(options);
  if (to == FolderFormat::Journal) {
    for (const auto& row : carry.rows) {
      connection.query(fmt::format("UPDATE {} SET \"created_at\" = $1 WHERE \"id\" = $2", table),
                       row.created_at, row.id);
    }
    return;
  }
  bool had_applied_at =
      connection
          .query(
              "select exists (select from pg_attribute a join pg_class c on c.oid = a.attrelid "
              "join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname "
              "= $2 and a.attname = 'applied_at' and a.attnum > 0 and not a.attisdropped)",
              options.migrations_schema, options.migrations_table)
          .value(0, 0) == "t";
  connection.execute(fmt::format("ALTER TABLE {} ADD COLUMN IF NOT EXISTS \"name\" text", table));
  connection.execute(
      fmt::format("ALTER TABLE {} ADD COLUMN IF NOT EXISTS \"applied_at\" timestamp with time zone "
                  "DEFAULT now()",
                  table));
  for (const auto& row : carry.rows) {
    // drizzle-orm 1.0's own upgrade leaves applied_at null: when they ran is not known.
    connection.query(
        fmt::format("UPDATE {} SET \"name\" = $1, \"created_at\" = $2{} WHERE \"id\" = $3", table,
                    had_applied_at ? "" : ", \"applied_at\" = NULL"),
        row.to_tag, row.created_at, row.id);
  }
}

}  // namespace sleet
