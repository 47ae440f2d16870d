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

// A worker's two connections, opened on first use, for another database, and again after
// one was lost.
struct WorkerConnections {
  std::optional<db::Connection> work;
  std::optional<db::Connection> lock;
  db::ConnectionSettings at;

  void open(const db::ConnectionSettings& settings) {
    if (!(settings == at)) {
      work.reset();
      lock.reset();
      at = settings;
    }
    if (!work || !work->is_open() || !work->is_idle()) work.emplace(settings);
    if (!lock || !lock->is_open() || !lock->is_idle()) lock.emplace(settings);
  }
};

// The fleet table's one writer: a connection to the target's database shared by the workers.
class OutcomeRecorder {
 public:
  OutcomeRecorder(db::ConnectionSettings settings, std::string table)
      : settings_(std::move(settings)), table_(std::move(table)) {}

  void record(const TenantOutcome& outcome) {
    std::lock_guard lock(mutex_);
    try {
      if (!connection_ || !connection_->is_open() || !connection_->is_idle()) {
        connection_.emplace(settings_);
      }
      record_outcome(*connection_, table_, outcome);
    } catch (const std::exception&) {
      // The tenant's own tables hold the truth; the fleet table only remembers failures.
      connection_.reset();
    }
  }

 private:
  db::ConnectionSettings settings_;
  std::string table_;
  std::mutex mutex_;
  std::optional<db::Connection> connection_;
};

// How many workers a server gets: --jobs, else default_tenant_jobs read there (4 at most when
// it cannot be reached: its tenants will fail one by one, saying why).
unsigned server_jobs(const TenantRunOptions& options, const db::ConnectionSettings& settings,
                     std::size_t tenants) {
  if (options.jobs > 0) return std::max(1u, std::min<unsigned>(options.jobs, tenants));
  try {
    db::Connection connection(settings);
    return default_tenant_jobs(connection, tenants);
  } catch (const std::exception&) {
    return static_cast<unsigned>(std::min<std::size_t>(std::max<std::size_t>(tenants, 1), 4));
  }
}

// The fleet table: the last run's outcome per tenant (none before the first migrate).
std::map<std::string, TenantLastRun> read_last_runs(db::Connection& connection,
                                                    const MigrateOptions& base,
                                                    const std::string& fleet_table) {
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
  return last_runs;
}

void count_states(TenantStatus& tenant, const std::vector<MigrationStatus>& migrations) {
  for (const auto& m : migrations) {
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
}

}  // namespace

std::vector<std::string> list_tenants(db::Connection& connection, const TenantSource& source) {
  std::vector<std::string> names = source.names;
  if (names.empty() && !source.query.empty()) {
    try {
      auto result = connection.execute(source.query);
      for (int i = 0; i < result.rows(); ++i) {
        auto name = result.get(i, 0);
        bool url = source.databases && name && name->find("://") != std::string::npos;
        if (!name || name->empty() || (!url && name->size() > 63)) {
          const char* what = source.databases ? "database name or URL" : "schema name";
          throw Error(
              ErrorKind::Usage,
              fmt::format("the tenants query returned {} in row {}, not a {}",
                          name ? fmt::format("\"{}\"", *name) : "NULL", i + 1, what),
              "tenants = \"" + source.query + "\"",
              fmt::format("make the query return one {} (a name of 1 to 63 bytes) per row", what));
        }
        names.emplace_back(*name);
      }
    } catch (const db::DatabaseError& e) {
      throw Error(ErrorKind::Usage, fmt::format("the tenants query failed: {}", e.what()),
                  "tenants = \"" + source.query + "\"",
                  fmt::format("fix the query in sleet.toml; it runs on the target's database and "
                              "returns {} in its first column",
                              source.databases ? "database names or URLs" : "schema names"));
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

std::string TenantDatabase::server() const {
  return fmt::format("{}:{}", settings.host, settings.port);
}

std::vector<TenantDatabase> resolve_tenant_databases(const std::vector<std::string>& entries,
                                                     const db::ConnectionSettings& target) {
  std::map<std::string, TenantDatabase> by_name;
  for (const auto& entry : entries) {
    TenantDatabase tenant;
    if (entry.find("://") == std::string::npos) {
      tenant.tenant = entry;
      tenant.settings = target;
      tenant.settings.database = entry;
    } else {
      db::ConnectionSettings url = db::parse_connection_string(entry);
      if (url.host.empty()) url.host = target.host;
      if (url.port == 0) url.port = target.port;
      bool same_server = url.host == target.host && url.port == target.port;
      if (url.user.empty()) url.user = target.user;
      if (url.password.empty() && same_server) url.password = target.password;
      if (url.database.empty()) {
        throw Error(ErrorKind::Usage,
                    fmt::format("the tenant URL {} names no database", url.describe()),
                    "tenants = { databases = ... }",
                    "give each tenant URL its database: postgres://host:port/database");
      }
      for (const auto& [key, value] : target.options) url.options.emplace(key, value);
      tenant.tenant = fmt::format("{}:{}/{}", url.host, url.port, url.database);
      tenant.settings = std::move(url);
    }
    by_name.emplace(tenant.tenant, std::move(tenant));
  }
  std::vector<TenantDatabase> tenants;
  for (auto& [name, tenant] : by_name) tenants.push_back(std::move(tenant));
  return tenants;
}

std::vector<TenantDatabase> tenant_schemas_in(const std::vector<std::string>& tenants,
                                              const db::ConnectionSettings& target) {
  std::vector<TenantDatabase> located;
  for (const auto& tenant : tenants) located.push_back({tenant, target});
  return located;
}

FleetReport migrate_tenants(const db::ConnectionSettings& settings, const MigrationFolder& folder,
                            const std::vector<std::string>& tenants,
                            const TenantRunOptions& options, const TenantDoneCallback& done) {
  TenantRunOptions schemas = options;
  schemas.databases = false;
  return migrate_tenants(settings, folder, tenant_schemas_in(tenants, settings), schemas, done);
}

FleetReport migrate_tenants(const db::ConnectionSettings& control, const MigrationFolder& folder,
                            const std::vector<TenantDatabase>& tenants,
                            const TenantRunOptions& options, const TenantDoneCallback& done) {
  auto start = Clock::now();
  FleetReport report;
  report.tenants.resize(tenants.size());
  for (std::size_t i = 0; i < tenants.size(); ++i) report.tenants[i].tenant = tenants[i].tenant;
  const bool record = !options.migrate.dry_run;
  {
    db::Connection setup(control);
    if (record) create_fleet_table(setup, options.migrate, options.fleet_table);
    // Tenant schemas share the database's extensions; a tenant database creates its own.
    if (!options.migrate.dry_run && !options.databases) {
      for (const auto& extension : options.migrate.extensions) {
        setup.execute("CREATE EXTENSION IF NOT EXISTS " + sql::quote_identifier(extension));
      }
    }
  }
  OutcomeRecorder recorder(control, fleet_table_name(options.migrate, options.fleet_table));

  // Each server's tenants, and its workers.
  std::map<std::string, std::vector<std::size_t>> by_server;
  for (std::size_t i = 0; i < tenants.size(); ++i) by_server[tenants[i].server()].push_back(i);
  std::map<std::string, unsigned> jobs;
  for (const auto& [server, indexes] : by_server) {
    jobs[server] = server_jobs(options, tenants[indexes.front()].settings, indexes.size());
    report.jobs += jobs[server];
  }
  report.servers = by_server.size();

  std::mutex mutex;  // guards done_count and the callback
  std::size_t done_count = 0;
  std::atomic<bool> stop{false};

  auto migrate_one = [&](WorkerConnections& connections, std::size_t i) {
    TenantOutcome& outcome = report.tenants[i];
    try {
      connections.open(tenants[i].settings);
      MigrateOptions tenant_options = options.databases
                                          ? options.migrate
                                          : tenant_migrate_options(options.migrate, outcome.tenant);
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
    if (record) recorder.record(outcome);
  };

  // Runs `indexes` on every server's workers at once; returns whether any tenant failed.
  auto run = [&](const std::vector<std::size_t>& indexes) {
    std::map<std::string, std::vector<std::size_t>> queues;
    for (std::size_t i : indexes) queues[tenants[i].server()].push_back(i);
    std::map<std::string, std::atomic<std::size_t>> next;
    for (const auto& [server, queue] : queues) next[server] = 0;
    std::atomic<bool> any_failed{false};
    auto worker = [&](const std::string& server) {
      const std::vector<std::size_t>& queue = queues.at(server);
      std::atomic<std::size_t>& position = next.at(server);
      WorkerConnections connections;
      for (std::size_t k = position++; k < queue.size(); k = position++) {
        if (stop) break;
        migrate_one(connections, queue[k]);
        const TenantOutcome& outcome = report.tenants[queue[k]];
        if (outcome.state == TenantOutcome::State::Failed) {
          any_failed = true;
          if (options.fail_fast) stop = true;
        }
        std::lock_guard lock(mutex);
        ++done_count;
        if (done) done(outcome, done_count, tenants.size());
      }
    };
    std::vector<std::thread> threads;
    for (const auto& [server, queue] : queues) {
      unsigned workers = std::max(1u, std::min<unsigned>(jobs[server], queue.size()));
      for (unsigned j = 0; j < workers; ++j) threads.emplace_back(worker, server);
    }
    for (auto& thread : threads) thread.join();
    return any_failed.load();
  };

  std::size_t canary = std::min(options.canary, tenants.size());
  std::vector<std::size_t> first, rest;
  for (std::size_t i = 0; i < tenants.size(); ++i) (i < canary ? first : rest).push_back(i);
  bool canary_failed = canary > 0 && run(first);
  if (!canary_failed && !stop) run(rest);
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
    if (!t.unreachable.empty()) entry["unreachable"] = t.unreachable;
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
  std::map<std::string, TenantLastRun> last_runs = read_last_runs(connection, base, fleet_table);
  for (std::size_t i = 0; i < tenants.size(); ++i) {
    TenantStatus tenant;
    tenant.tenant = tenants[i];
    tenant.tracking_table_exists = with_table.count(tenants[i]) > 0;
    count_states(tenant, classify_migrations(folder.migrations(), rows[i], folder.format()));
    if (auto found = last_runs.find(tenants[i]); found != last_runs.end()) {
      tenant.last_run = found->second;
    }
    status.tenants.push_back(std::move(tenant));
  }
  return status;
}

FleetStatus tenant_database_status(const db::ConnectionSettings& control,
                                   const MigrationFolder& folder,
                                   const std::vector<TenantDatabase>& tenants,
                                   const MigrateOptions& base, unsigned jobs,
                                   const std::string& fleet_table) {
  FleetStatus status;
  if (!folder.migrations().empty()) status.latest = folder.migrations().back().entry.tag;
  status.tenants.resize(tenants.size());
  std::map<std::string, std::vector<std::size_t>> queues;
  for (std::size_t i = 0; i < tenants.size(); ++i) queues[tenants[i].server()].push_back(i);
  std::map<std::string, std::atomic<std::size_t>> next;
  for (const auto& [server, queue] : queues) next[server] = 0;
  auto worker = [&](const std::string& server) {
    const std::vector<std::size_t>& queue = queues.at(server);
    for (std::size_t k = next.at(server)++; k < queue.size(); k = next.at(server)++) {
      TenantStatus& tenant = status.tenants[queue[k]];
      tenant.tenant = tenants[queue[k]].tenant;
      try {
        db::Connection connection(tenants[queue[k]].settings);
        StatusReport report = migration_status(connection, folder, base);
        tenant.tracking_table_exists = report.tracking_table_exists;
        count_states(tenant, report.migrations);
      } catch (const std::exception& e) {
        tenant.unreachable = db::scrub_password(e.what(), tenants[queue[k]].settings.password);
      }
    }
  };
  std::vector<std::thread> threads;
  for (const auto& [server, queue] : queues) {
    unsigned workers = std::min<unsigned>(jobs > 0 ? jobs : 4, queue.size());
    for (unsigned j = 0; j < workers; ++j) threads.emplace_back(worker, server);
  }
  for (auto& thread : threads) thread.join();
  db::Connection connection(control);
  std::map<std::string, TenantLastRun> last_runs = read_last_runs(connection, base, fleet_table);
  for (auto& tenant : status.tenants) {
    if (auto found = last_runs.find(tenant.tenant); found != last_runs.end()) {
      tenant.last_run = found->second;
    }
  }
  return status;
}

}  // namespace sleet
