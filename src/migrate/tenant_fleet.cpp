// Tenant schemas: the migrator run once per tenant schema on a pool of workers, each tenant's
// outcome kept in the fleet table so that status can say which failed last time and why.
#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "sleet/sql.h"
#include "sleet/tenants.h"

namespace sleet {

namespace {

using Clock = std::chrono::steady_clock;

std::string fleet_table_name(const MigrateOptions& options, const std::string& fleet_table) {
  return sql::quote_identifier(options.migrations_schema) + "." +
         sql::quote_identifier(fleet_table);
}

void create_fleet_table(db::Connection& connection, const MigrateOptions& options,
                        const std::string& fleet_table) {
  if (connection.query("select 1 from pg_namespace where nspname = $1", options.migrations_schema)
          .rows() == 0) {
    connection.execute("CREATE SCHEMA IF NOT EXISTS " +
                       sql::quote_identifier(options.migrations_schema));
  }
  connection.execute(fmt::format(
      "CREATE TABLE IF NOT EXISTS {} (\n  tenant text PRIMARY KEY,\n  state text NOT NULL,\n"
      "  error text,\n  at timestamptz NOT NULL DEFAULT clock_timestamp()\n)",
      fleet_table_name(options, fleet_table)));
}

// One row per tenant: its last run's outcome (written after the tenant's own transactions).
void record_outcome(db::Connection& connection, const std::string& table,
                    const TenantOutcome& outcome) {
  bool failed = outcome.state == TenantOutcome::State::Failed;
  std::optional<std::string> error;
  if (failed && outcome.error) error = outcome.error->describe();
  connection.query(fmt::format("insert into {} (tenant, state, error) values ($1, $2, $3) "
                               "on conflict (tenant) do update set state = excluded.state, "
                               "error = excluded.error, at = clock_timestamp()",
                               table),
                   outcome.tenant, failed ? "failed" : "ok", error);
}

// A worker's two connections, opened on first use and again after one was lost.
struct WorkerConnections {
  std::optional<db::Connection> work;
  std::optional<db::Connection> lock;

  void open(const db::ConnectionSettings& settings) {
    if (!work || !work->is_open() || !work->is_idle()) work.emplace(settings);
    if (!lock || !lock->is_open() || !lock->is_idle()) lock.emplace(settings);
  }
};

}  // namespace

std::vector<std::string> list_tenants(db::Connection& connection, const TenantSource& source) {
  std::vector<std::string> names = source.names;
  if (names.empty() && !source.query.empty()) {
    try {
      auto result = connection.execute(source.query);
      for (int i = 0; i < result.rows(); ++i) {
        auto name = result.get(i, 0);
        if (!name || name->empty() || name->size() > 63) {
          throw Error(ErrorKind::Usage,
                      fmt::format("the tenants query returned {} in row {}, not a schema name",
                                  name ? fmt::format("\"{}\"", *name) : "NULL", i + 1),
                      "tenants = \"" + source.query + "\"",
                      "make the query return one schema name (1 to 63 bytes) per row");
        }
        names.emplace_back(*name);
      }
    } catch (const db::DatabaseError& e) {
      throw Error(ErrorKind::Usage, fmt::format("the tenants query failed: {}", e.what()),
                  "tenants = \"" + source.query + "\"",
                  "fix the query in sleet.toml; it runs on the target's database and returns "
                  "schema names in its first column");
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::vector<std::string> select_tenants(const std::vector<std::string>& tenants,
                                        const std::vector<std::string>& patterns) {
  if (patterns.empty()) return tenants;
  std::vector<std::string> selected;
  std::set<std::string> matched_patterns;
  for (const auto& tenant : tenants) {
    bool keep = false;
    for (const auto& pattern : patterns) {
      if (fnmatch(pattern.c_str(), tenant.c_str(), 0) == 0) {
        keep = true;
        matched_patterns.insert(pattern);
      }
    }
    if (keep) selected.push_back(tenant);
  }
  for (const auto& pattern : patterns) {
    if (!matched_patterns.count(pattern)) {
      throw Error(ErrorKind::Usage, fmt::format("--tenant {} matches no tenant", pattern), "",
                  fmt::format("the target has {} tenant{}; 'sleet status' lists them",
                              tenants.size(), tenants.size() == 1 ? "" : "s"));
    }
  }
  return selected;
}

MigrateOptions tenant_migrate_options(const MigrateOptions& base, const std::string& tenant) {
  MigrateOptions options = base;
  options.migrations_schema = tenant;
  options.search_path = tenant;
  options.schemas.clear();
  // Created once for the database by migrate_tenants: with the tenant's search_path, CREATE
  // EXTENSION would put a missing extension into the first tenant's schema.
  options.extensions.clear();
  options.lock_connection = nullptr;
  return options;
}

unsigned default_tenant_jobs(db::Connection& connection, std::size_t tenants) {
  unsigned jobs =
      static_cast<unsigned>(std::min<std::size_t>(std::max<std::size_t>(tenants, 1), 4));
  auto free = connection.execute(
      "select current_setting('max_connections')::int - "
      "current_setting('superuser_reserved_connections')::int - "
      "(select count(*) from pg_stat_activity where backend_type = 'client backend')");
  long available = std::stol(std::string(free.value(0, 0)));
  return std::max(1u, std::min(jobs, static_cast<unsigned>(std::max(available / 4, 1L))));
}

nlohmann::ordered_json TenantOutcome::to_json() const {
  nlohmann::ordered_json json = {{"tenant", tenant}};
  switch (state) {
    case State::Migrated:
      json["status"] = "migrated";
      json["report"] = report.to_json();
      break;
    case State::Failed:
      json["status"] = "failed";
      if (error) {
        json["error"] = {{"message", error->what()},
                         {"where", error->where()},
                         {"hint", error->hint()},
                         {"exit_code", error->exit_code()}};
      }
      break;
    case State::NotRun:
      json["status"] = "not-run";
      break;
  }
  return json;
}

std::size_t FleetReport::count(TenantOutcome::State state) const {
  return static_cast<std::size_t>(std::count_if(
      tenants.begin(), tenants.end(), [&](const TenantOutcome& t) { return t.state == state; }));
}

FleetReport migrate_tenants(const db::ConnectionSettings& settings, const MigrationFolder& folder,
                            const std::vector<std::string>& tenants,
                            const TenantRunOptions& options, const TenantDoneCallback& done) {
  auto start = Clock::now();
  FleetReport report;
  report.tenants.resize(tenants.size());
  for (std::size_t i = 0; i < tenants.size(); ++i) report.tenants[i].tenant = tenants[i];
  const bool record = !options.migrate.dry_run;
  const std::string fleet_table = fleet_table_name(options.migrate, options.fleet_table);
  {
    db::Connection setup(settings);
    report.jobs = options.jobs > 0 ? options.jobs : default_tenant_jobs(setup, tenants.size());
    if (record) create_fleet_table(setup, options.migrate, options.fleet_table);
    if (!options.migrate.dry_run) {
      for (const auto& extension : options.migrate.extensions) {
        setup.execute("CREATE EXTENSION IF NOT EXISTS " + sql::quote_identifier(extension));
      }
    }
  }
  report.jobs =
      std::max(1u, std::min<unsigned>(report.jobs, std::max<std::size_t>(tenants.size(), 1)));

  std::mutex mutex;  // guards done_count and the callback
  std::size_t done_count = 0;
  std::atomic<bool> stop{false};

  // Runs tenants [first, last) on the pool; returns whether any failed.
  auto run_range = [&](std::size_t first, std::size_t last) {
    std::atomic<std::size_t> next{first};
    std::atomic<bool> any_failed{false};
    auto worker = [&] {
      WorkerConnections connections;
      for (std::size_t i = next++; i < last; i = next++) {
        if (stop) break;
        TenantOutcome& outcome = report.tenants[i];
        try {
          connections.open(settings);
          MigrateOptions tenant_options = tenant_migrate_options(options.migrate, outcome.tenant);
          tenant_options.lock_connection = &*connections.lock;
          outcome.report = migrate(*connections.work, folder, tenant_options);
          outcome.state = TenantOutcome::State::Migrated;
        } catch (const Error& e) {
          outcome.state = TenantOutcome::State::Failed;
          outcome.error = e;
        } catch (const std::exception& e) {
          outcome.state = TenantOutcome::State::Failed;
          outcome.error = Error(ErrorKind::Failure, e.what(), "tenant " + outcome.tenant);
        }
        if (record) {
          try {
            connections.open(settings);
            record_outcome(*connections.work, fleet_table, outcome);
          } catch (const std::exception&) {
            // The tenant's own tables hold the truth; the fleet table only remembers failures.
          }
        }
        if (outcome.state == TenantOutcome::State::Failed) {
          any_failed = true;
          if (options.fail_fast) stop = true;
        }
        std::lock_guard lock(mutex);
        ++done_count;
        if (done) done(outcome, done_count, tenants.size());
      }
    };
    std::size_t count = last - first;
    unsigned workers = std::max(1u, std::min<unsigned>(report.jobs, static_cast<unsigned>(count)));
    std::vector<std::thread> threads;
    for (unsigned j = 0; j < workers; ++j) threads.emplace_back(worker);
    for (auto& thread : threads) thread.join();
    return any_failed.load();
  };

  std::size_t canary = std::min(options.canary, tenants.size());
  bool canary_failed = canary > 0 && run_range(0, canary);
  if (!canary_failed && !stop) run_range(canary, tenants.size());
  report.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return report;
}

nlohmann::ordered_json FleetStatus::to_json() const {
  nlohmann::ordered_json json = {{"latest", latest}, {"tenants", nlohmann::ordered_json::array()}};
  for (const auto& t : tenants) {
    nlohmann::ordered_json entry = {{"tenant", t.tenant},
                                    {"head", t.head},
                                    {"applied", t.applied},
                                    {"pending", t.pending},
                                    {"needs_attention", t.needs_attention()}};
    if (t.other > 0) entry["other"] = t.other;
    if (t.last_run) {
      entry["last_run"] = {{"failed", t.last_run->failed}, {"at", t.last_run->at}};
      if (t.last_run->failed) entry["last_run"]["error"] = t.last_run->error;
    }
    json["tenants"].push_back(std::move(entry));
  }
  return json;
}

FleetStatus tenant_status(db::Connection& connection, const MigrationFolder& folder,
                          const std::vector<std::string>& tenants, const MigrateOptions& base,
                          const std::string& fleet_table) {
  FleetStatus status;
  if (!folder.migrations().empty()) status.latest = folder.migrations().back().entry.tag;
  // Which tenants have a tracking table, and whether it has drizzle-orm 1.0's name column.
  std::map<std::string, bool> with_table;
  auto tables = connection.query(
      "select n.nspname, exists (select from pg_attribute a where a.attrelid = c.oid and "
      "a.attname = 'name' and a.attnum > 0 and not a.attisdropped) from pg_class c join "
      "pg_namespace n on n.oid = c.relnamespace where c.relname = $1 and c.relkind in ('r', 'p')",
      base.migrations_table);
  for (int i = 0; i < tables.rows(); ++i) {
    with_table[std::string(tables.value(i, 0))] = tables.value(i, 1) == "t";
  }
  // Every tenant's rows, a few hundred tenants per query.
  std::vector<std::vector<TrackingRow>> rows(tenants.size());
  std::vector<std::size_t> readable;
  for (std::size_t i = 0; i < tenants.size(); ++i) {
    if (with_table.count(tenants[i])) readable.push_back(i);
  }
  const std::size_t batch = 500;
  for (std::size_t from = 0; from < readable.size(); from += batch) {
    std::string sql;
    for (std::size_t k = from; k < std::min(readable.size(), from + batch); ++k) {
      std::size_t i = readable[k];
      if (!sql.empty()) sql += " union all ";
      sql += fmt::format("select {}, id, hash, created_at, {} from {}.{}", i,
                         with_table[tenants[i]] ? "name" : "null::text",
                         sql::quote_identifier(tenants[i]),
                         sql::quote_identifier(base.migrations_table));
    }
    auto result = connection.execute("select * from (" + sql + ") rows order by 1, 2");
    for (int r = 0; r < result.rows(); ++r) {
      TrackingRow row;
      row.id = std::stoll(std::string(result.value(r, 1)));
      row.hash = std::string(result.value(r, 2));
      if (auto created = result.get(r, 3)) row.created_at = std::stoll(*created);
      if (auto name = result.get(r, 4)) row.name = std::string(*name);
      rows[std::stoul(std::string(result.value(r, 0)))].push_back(std::move(row));
    }
  }
  // The fleet table: the last run's outcome per tenant.
  std::map<std::string, TenantLastRun> last_runs;
  std::string fleet = fleet_table_name(base, fleet_table);
  if (connection.query("select to_regclass($1) is not null", fleet).value(0, 0) == "t") {
    auto result = connection.execute(
        fmt::format("select tenant, state, coalesce(error, ''), to_char(at at time zone 'UTC', "
                    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') from {}",
                    fleet));
    for (int r = 0; r < result.rows(); ++r) {
      last_runs[std::string(result.value(r, 0))] = {result.value(r, 1) == "failed",
                                                    std::string(result.value(r, 2)),
                                                    std::string(result.value(r, 3))};
    }
  }
  for (std::size_t i = 0; i < tenants.size(); ++i) {
    TenantStatus tenant;
    tenant.tenant = tenants[i];
    tenant.tracking_table_exists = with_table.count(tenants[i]) > 0;
    for (const auto& m : classify_migrations(folder.migrations(), rows[i], folder.format())) {
      switch (m.state) {
        case MigrationState::Applied:
          ++tenant.applied;
          tenant.head = m.tag;
          break;
        case MigrationState::Pending:
          ++tenant.pending;
          break;
        default:
          ++tenant.other;
      }
    }
    if (auto found = last_runs.find(tenants[i]); found != last_runs.end()) {
      tenant.last_run = found->second;
    }
    status.tenants.push_back(std::move(tenant));
  }
  return status;
}

}  // namespace sleet
