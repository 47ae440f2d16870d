// migrate and status on a target with `tenants` (docs/tenants.md): the folder applied to every
// tenant schema in parallel, and the fleet's summary.
#pragma once

#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/target_runner.h"
#include "sleet/migrate.h"
#include "sleet/tenants.h"

namespace sleet::cli {

// The target's tenants, each where it lives (schemas of the target's database `settings`, or
// databases), listed on `connection`; with `patterns`, only those matching one (select_tenants:
// Error(Usage) when a pattern matches none).
std::vector<TenantDatabase> target_tenants(db::Connection& connection, const Target& target,
                                           const db::ConnectionSettings& settings,
                                           const std::vector<std::string>& patterns = {});

// migrate's flags that choose tenants.
struct TenantFlags {
  std::vector<std::string> tenants;  // --tenant NAME or glob, repeatable
  std::size_t canary = 0;            // --canary N
};

// Migrates every selected tenant of `target` (global --jobs, --fail-fast), printing a live
// count on a terminal, each failure as it happens and a summary; with --json one entry per
// tenant into `results`. Returns the result line; throws ExitStatus (1, or 3 when every
// failure was a lost connection) when a tenant failed.
std::string migrate_tenant_target(Context& context, Project& project, const Target& target,
                                  const MigrateOptions& options, const TenantFlags& flags,
                                  const DatabasePreparation& preparation, const std::string& out,
                                  JsonResults& results, Output& output);

// status's drift choice on a tenant target.
struct TenantDriftFlags {
  bool no_drift = false;     // --no-drift
  bool all_tenants = false;  // --all-tenants: every tenant at the latest migration, not a sample
};

// Tenants whose drift status checks without --all-tenants, chosen at random among those at the
// latest migration (all of them when there are no more).
inline constexpr std::size_t kTenantDriftSample = 10;

struct TenantStatusOutcome {
  bool migrations_attention = false;  // a tenant is behind, failed last time or unreadable
  bool drifted = false;               // a checked tenant's schema differs from the snapshot
};

// status of a tenant target: tenants per migration, those behind, those whose last migrate
// failed and why, and drift of a sample of the tenants (or all). With --json, `result` gets a
// "tenants" member.
TenantStatusOutcome print_tenant_status(Context& context, Project& project, const Target& target,
                                        const std::string& out, const TenantDriftFlags& drift,
                                        nlohmann::ordered_json& result, Output& output);

}  // namespace sleet::cli
