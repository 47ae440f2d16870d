// migrate and status on a target with `tenants` (docs/tenants.md): the folder applied to every
// tenant schema in parallel, and the fleet's summary.
#pragma once

#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/target_runner.h"
#include "sleet/migrate.h"

namespace sleet::cli {

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

// status of a tenant target: tenants per migration, those behind, those whose last migrate
// failed and why. Returns true when any tenant needs attention. With --json, `result` gets a
// "tenants" member.
bool print_tenant_status(Context& context, Project& project, const Target& target,
                         const std::string& out, nlohmann::ordered_json& result, Output& output);

}  // namespace sleet::cli
