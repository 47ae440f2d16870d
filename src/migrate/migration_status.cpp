// Which journal entries are applied, pending, edited or out of order, and the reports' JSON.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "migrate/tracking_table.h"
#include "sleet/migrate.h"

namespace sleet {

std::string_view to_string(MigrationState state) {
  switch (state) {
    case MigrationState::Applied:
      return "applied";
    case MigrationState::Pending:
      return "pending";
    case MigrationState::Edited:
      return "edited";
    case MigrationState::OutOfOrder:
      return "out-of-order";
    case MigrationState::MissingFile:
      return "missing-file";
  }
  return "unknown";
}

std::vector<std::optional<std::size_t>> match_unnamed_rows(const std::vector<Migration>& migrations,
                                                           const std::vector<TrackingRow>& rows) {
  // drizzle-orm sorts by time, then name; a v3 folder's name order is the same order.
  std::map<std::int64_t, std::vector<std::size_t>> by_millis;
  std::map<std::string, std::size_t> by_hash;  // the last migration with a hash wins
  for (std::size_t m = 0; m < migrations.size(); ++m) {
    by_millis[migrations[m].entry.when].push_back(m);
    by_hash[migrations[m].hash] = m;
  }
  std::vector<std::optional<std::size_t>> matches(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const TrackingRow& row = rows[r];
    if (row.name) continue;
    auto candidates =
        row.created_at ? by_millis.find(*row.created_at / 1000 * 1000) : by_millis.end();
    if (candidates != by_millis.end() && candidates->second.size() == 1) {
      matches[r] = candidates->second.front();
    } else if (candidates != by_millis.end()) {
      for (std::size_t m : candidates->second) {
        if (migrations[m].hash == row.hash) {
          matches[r] = m;
          break;
        }
      }
    } else if (auto it = by_hash.find(row.hash); it != by_hash.end()) {
      matches[r] = it->second;
    }
  }
  return matches;
}

namespace {

// The status of a tracking row that no migration of the folder matches.
MigrationStatus missing_file(const TrackingRow& row) {
  MigrationStatus status;
  status.state = MigrationState::MissingFile;
  status.when = row.created_at.value_or(0);
  status.hash = row.hash;
  return status;
}

// classify_migrations for a v3 folder: rows belong to migrations by name.
std::vector<MigrationStatus> classify_by_name(const std::vector<Migration>& migrations,
                                              const std::vector<TrackingRow>& rows) {
  std::map<std::string, std::size_t> by_name;
  for (std::size_t m = 0; m < migrations.size(); ++m) by_name[migrations[m].entry.tag] = m;
  std::vector<std::optional<std::size_t>> unnamed = match_unnamed_rows(migrations, rows);
  std::vector<MigrationStatus> out(migrations.size());
  std::vector<bool> matched(migrations.size(), false);
  std::vector<std::size_t> leftover;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::optional<std::size_t> m = unnamed[r];
    if (rows[r].name) {
      if (auto it = by_name.find(*rows[r].name); it != by_name.end()) m = it->second;
    }
    if (!m) {
      leftover.push_back(r);
      continue;
    }
    // A second row for one migration (an unlocked race of drizzle's) is not a missing file.
    if (matched[*m]) continue;
    matched[*m] = true;
    bool same = rows[r].hash == migrations[*m].hash;
    out[*m].state = same ? MigrationState::Applied : MigrationState::Edited;
    if (!same) out[*m].stored_hash = rows[r].hash;
  }
  for (std::size_t m = 0; m < migrations.size(); ++m) {
    out[m].tag = migrations[m].entry.tag;
    out[m].when = migrations[m].entry.when;
    out[m].hash = migrations[m].hash;
    if (!matched[m]) out[m].state = MigrationState::Pending;
  }
  for (std::size_t r : leftover) {
    out.push_back(missing_file(rows[r]));
  }
  return out;
}

}  // namespace

std::vector<MigrationStatus> classify_migrations(const std::vector<Migration>& migrations,
                                                 const std::vector<TrackingRow>& rows,
                                                 FolderFormat format) {
  if (format == FolderFormat::V3) return classify_by_name(migrations, rows);
  std::vector<bool> used(rows.size(), false);
  std::vector<MigrationStatus> out(migrations.size());
  // Passes from the strongest evidence to the weakest, so an exact match is never stolen by
  // a weaker one (two empty custom migrations share a hash, for instance).
  auto match = [&](auto&& accepts, MigrationState state) {
    for (std::size_t m = 0; m < migrations.size(); ++m) {
      if (!out[m].tag.empty()) continue;
      for (std::size_t r = 0; r < rows.size(); ++r) {
        if (used[r] || !accepts(migrations[m], rows[r])) continue;
        used[r] = true;
        out[m].tag = migrations[m].entry.tag;
        out[m].state = state;
        if (state == MigrationState::Edited) out[m].stored_hash = rows[r].hash;
        break;
      }
    }
  };
  match([](const Migration& m,
           const TrackingRow& r) { return r.created_at == m.entry.when && r.hash == m.hash; },
        MigrationState::Applied);
  match([](const Migration& m, const TrackingRow& r) { return r.created_at == m.entry.when; },
        MigrationState::Edited);
  match([](const Migration& m, const TrackingRow& r) { return r.hash == m.hash; },
        MigrationState::Applied);

  std::optional<std::int64_t> newest;
  for (const auto& row : rows) {
    if (row.created_at && (!newest || *row.created_at > *newest)) newest = row.created_at;
  }
  for (std::size_t m = 0; m < migrations.size(); ++m) {
    out[m].when = migrations[m].entry.when;
    out[m].hash = migrations[m].hash;
    if (!out[m].tag.empty()) continue;
    out[m].tag = migrations[m].entry.tag;
    out[m].state = newest && migrations[m].entry.when < *newest ? MigrationState::OutOfOrder
                                                                : MigrationState::Pending;
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (used[r]) continue;
    // A second row for an applied migration (drizzle-kit's unlocked races write those) is
    // not a missing file.
    bool duplicate = std::any_of(migrations.begin(), migrations.end(), [&](const Migration& m) {
      return m.hash == rows[r].hash && rows[r].created_at == m.entry.when;
    });
    if (duplicate) continue;
    out.push_back(missing_file(rows[r]));
  }
  return out;
}

bool StatusReport::needs_attention() const {
  return std::any_of(migrations.begin(), migrations.end(),
                     [](const MigrationStatus& m) { return m.state != MigrationState::Applied; });
}

namespace {

// The history table's mode as status names it.
std::string applied_how(const std::string& mode) {
  if (mode == "marked" || mode == "baseline") return mode;
  if (mode == "repair") return "repaired";
  return "ran";  // transaction, single-transaction, no-transaction
}

}  // namespace

StatusReport migration_status(db::Connection& connection, const MigrationFolder& folder,
                              const MigrateOptions& options) {
  StatusReport report;
  std::vector<TrackingRow> rows;
  report.tracking_table_exists = migrate_internal::tracking_table_exists(connection, options);
  if (report.tracking_table_exists)
    rows = migrate_internal::read_tracking_rows(connection, options);
  report.migrations = classify_migrations(folder.migrations(), rows, folder.format());
  auto history = migrate_internal::read_history(connection, options);
  for (auto& status : report.migrations) {
    if (status.state != MigrationState::Applied && status.state != MigrationState::Edited) continue;
    std::string hash = status.state == MigrationState::Edited ? status.stored_hash : status.hash;
    status.applied_how = "ran";
    if (auto it = history.find(hash); it != history.end()) {
      status.applied_at = it->second.applied_at;
      status.applied_by = it->second.applied_by;
      status.applied_how = applied_how(it->second.mode);
    }
  }
  return report;
}

nlohmann::ordered_json StatusReport::to_json() const {
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  json["tracking_table_exists"] = tracking_table_exists;
  json["needs_attention"] = needs_attention();
  json["migrations"] = nlohmann::ordered_json::array();
  for (const auto& m : migrations) {
    nlohmann::ordered_json item = nlohmann::ordered_json::object();
    item["tag"] = m.tag.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(m.tag);
    item["state"] = std::string(to_string(m.state));
    item["when"] = m.when;
    item["hash"] = m.hash;
    if (!m.stored_hash.empty()) item["stored_hash"] = m.stored_hash;
    if (m.state == MigrationState::Applied || m.state == MigrationState::Edited) {
      item["applied_at"] = m.applied_at.empty() ? nlohmann::ordered_json(nullptr)
                                                : nlohmann::ordered_json(m.applied_at);
      item["applied_by"] = m.applied_at.empty() ? std::string("drizzle-kit") : m.applied_by;
      item["applied_how"] = m.applied_how;
    }
    json["migrations"].push_back(std::move(item));
  }
  return json;
}

nlohmann::ordered_json MigrationReport::to_json() const {
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  json["dry_run"] = dry_run;
  json["waited_for_lock"] = waited_for_lock;
  json["already_applied"] = already_applied;
  json["applied"] = nlohmann::ordered_json::array();
  for (const auto& m : applied) {
    json["applied"].push_back({{"tag", m.tag},
                               {"hash", m.hash},
                               {"when", m.when},
                               {"duration_ms", m.duration_ms},
                               {"transactional", m.transactional},
                               {"statements", m.statements}});
  }
  json["not_applied"] = not_applied;
  json["warnings"] = warnings;
  json["duration_ms"] = duration_ms;
  return json;
}

}  // namespace sleet
