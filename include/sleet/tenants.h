// Tenants: one migration folder applied to many schemas of one database, each with its own
// tracking table (`<tenant>.__drizzle_migrations`, what drizzle-orm's migrate() with
// `migrationsSchema: tenant` writes), its own advisory lock and its search_path set to it; or
// to many databases on one server or several, each migrated as one database. In parallel, a
// failing tenant not stopping the others. See docs/tenants.md.
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sleet/db.h"
#include "sleet/error.h"
#include "sleet/journal.h"
#include "sleet/migrate.h"

namespace sleet {

// Where a target's tenants come from (sleet.toml `tenants`): a list, or a query.
struct TenantSource {
  std::vector<std::string> names;
  std::string query;       // returns schema names (databases: names or URLs) in its first column
  bool databases = false;  // tenants = { databases = ... }
};

// The tenant schemas (or databases): `source.names`, else the first column of `source.query`
// run on `connection` (read only); sorted, without duplicates. Throws Error(Usage) naming the
// query when it fails or returns a NULL, an empty name or a name over 63 bytes (a database's
// URL may be longer).
std::vector<std::string> list_tenants(db::Connection& connection, const TenantSource& source);

// The tenants matching any of `patterns` (shell globs: *, ?, [...]; a plain name matches
// itself), in the order of `tenants`. Throws Error(Usage) when a pattern matches none.
std::vector<std::string> select_tenants(const std::vector<std::string>& tenants,
                                        const std::vector<std::string>& patterns);

// `base` for one tenant: tracking, history and progress tables in the tenant's schema (created
// when missing), migrations run with search_path = tenant, and the lock keyed by the tenant's
// tracking table. Other settings (timeouts, --to, dry run) are kept; `schemas` and `extensions`
// are dropped (migrate_tenants creates the extensions once, outside any tenant's schema).
MigrateOptions tenant_migrate_options(const MigrateOptions& base, const std::string& tenant);

// Workers for `tenants` tenants when the caller does not say: min(tenants, 4), then at most a
// quarter of the connections the server has free (each worker holds two: its work and its
// lock), at least 1. Reads pg_settings and pg_stat_activity on `connection`.
unsigned default_tenant_jobs(db::Connection& connection, std::size_t tenants);

// One tenant database: where it is, and the name the fleet knows it by.
struct TenantDatabase {
  std::string tenant;  // a bare name as given; for a URL "host:port/database"
  db::ConnectionSettings settings;
  // "host:port": tenants on one server share its connection cap.
  std::string server() const;
};

// `entries` (database names or postgres:// URLs, as list_tenants returns them) resolved
// against `target`, the target's own settings: a bare name is the target's server with that
// database; a URL is read by libpq, and what it leaves out is the target's (the password only
// when the URL names the target's host and port, so a password never goes to another server).
// Sorted by tenant, duplicates dropped. Throws Error(Usage) for a URL that does not parse.
std::vector<TenantDatabase> resolve_tenant_databases(const std::vector<std::string>& entries,
                                                     const db::ConnectionSettings& target);

// The TenantDatabase for each schema tenant: they all live in `target`'s database.
std::vector<TenantDatabase> tenant_schemas_in(const std::vector<std::string>& tenants,
                                              const db::ConnectionSettings& target);

struct TenantRunOptions {
  // The target's options; migrations_schema also holds the fleet table (the last run's outcome
  // per tenant, read by tenant_status).
  MigrateOptions migrate;
  unsigned jobs = 0;       // workers per server; 0: default_tenant_jobs on each server
  bool databases = false;  // the tenants are databases: migrate() as for one database
  bool fail_fast = false;  // start no tenant after one failed
  std::size_t canary = 0;  // > 0: migrate this many first, and stop if any fails
  std::string fleet_table = "__sleet_tenant_runs";
};

// What happened to one tenant.
struct TenantOutcome {
  enum class State { Migrated, Failed, NotRun };
  std::string tenant;
  State state = State::NotRun;
  MigrationReport report;      // Migrated
  std::optional<Error> error;  // Failed: migrate()'s error (migration, statement, file:line:col)
  nlohmann::ordered_json to_json() const;
};

struct FleetReport {
  std::vector<TenantOutcome> tenants;  // in the order they were given
  unsigned jobs = 0;                   // workers, all servers together
  std::size_t servers = 0;
  double duration_ms = 0;
  std::size_t count(TenantOutcome::State state) const;
};

// Called after each tenant, one call at a time (from the worker threads): the outcome and how
// many of the total are done.
using TenantDoneCallback =
    std::function<void(const TenantOutcome& outcome, std::size_t done, std::size_t total)>;

// Migrates each of `tenants` as migrate() does: a schema tenant with tenant_migrate_options(),
// a tenant database (options.databases) with options.migrate as it is. Workers are started per
// server (TenantDatabase::server), options.jobs or default_tenant_jobs there, each with one
// connection for the work and one for the lock, reused while the tenants share a database
// (opened again after a connection was lost). A tenant's failure is recorded (its outcome and
// the fleet table) and the others go on, unless fail_fast or a failed canary; tenants not
// started are NotRun. A server that cannot be reached fails its tenants, not the fleet. Without
// dry_run, each tenant's outcome is written to the fleet table in `control`'s database (created
// when missing). Throws sleet::Error (Connection) when `control` cannot be reached, and
// db::DatabaseError when the fleet table cannot be created.
FleetReport migrate_tenants(const db::ConnectionSettings& control, const MigrationFolder& folder,
                            const std::vector<TenantDatabase>& tenants,
                            const TenantRunOptions& options, const TenantDoneCallback& done = {});

// The same for tenant schemas of `settings`' database.
FleetReport migrate_tenants(const db::ConnectionSettings& settings, const MigrationFolder& folder,
                            const std::vector<std::string>& tenants,
                            const TenantRunOptions& options, const TenantDoneCallback& done = {});

// The last migrate's outcome for one tenant, from the fleet table.
struct TenantLastRun {
  bool failed = false;
  std::string error;  // the failure's message and where
  std::string at;     // UTC, ISO 8601
};

// Where one tenant stands.
struct TenantStatus {
  std::string tenant;
  bool tracking_table_exists = false;
  std::string head;  // the latest migration applied ("" none)
  std::size_t applied = 0;
  std::size_t pending = 0;
  // Edited, out-of-order or missing-file migrations (see MigrationState).
  std::size_t other = 0;
  std::optional<TenantLastRun> last_run;
  std::string unreachable;  // a tenant database that could not be read: why
  bool needs_attention() const {
    return pending > 0 || other > 0 || (last_run && last_run->failed) || !unreachable.empty();
  }
};

struct FleetStatus {
  std::vector<TenantStatus> tenants;
  std::string latest;  // the folder's last migration ("" when empty)
  nlohmann::ordered_json to_json() const;
};

// Reads every tenant's tracking table (a few queries, whatever the number of tenants) and the
// fleet table, changing nothing and taking no lock, and classifies `folder`'s migrations per
// tenant. Throws db::DatabaseError when a query fails.
FleetStatus tenant_status(db::Connection& connection, const MigrationFolder& folder,
                          const std::vector<std::string>& tenants, const MigrateOptions& base,
                          const std::string& fleet_table = "__sleet_tenant_runs");

// The same for tenant databases: each database's tracking table read with migration_status()
// on `jobs` connections at a time per server (0: 4), the fleet table on `control`. A database
// that cannot be read is reported (TenantStatus::unreachable), not thrown. Throws
// db::DatabaseError when the fleet table cannot be read, sleet::Error when `control` cannot be
// reached.
FleetStatus tenant_database_status(const db::ConnectionSettings& control,
                                   const MigrationFolder& folder,
                                   const std::vector<TenantDatabase>& tenants,
                                   const MigrateOptions& base, unsigned jobs = 0,
                                   const std::string& fleet_table = "__sleet_tenant_runs");

}  // namespace sleet
