// migrate and status on a target with `tenants`: see tenant_targets.h and docs/tenants.md.
#include "cli/tenant_targets.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>

#include "cli/drift.h"

#include "sleet/tenants.h"

namespace sleet::cli {

namespace {

// Drift of some tenants (a sample, or all at the latest migration).
struct TenantDrift {
  std::string not_checked;                                 // why none was checked
  std::size_t candidates = 0;                              // tenants at the latest migration
  bool sample = false;                                     // fewer than the candidates were checked
  std::vector<std::pair<std::size_t, DriftCheck>> checks;  // tenant index, its check
  std::vector<std::size_t> drifted;                        // tenant indexes

  nlohmann::ordered_json to_json(const FleetStatus& status) const {
    nlohmann::ordered_json json = {{"checked", checks.size()},
                                   {"candidates", candidates},
                                   {"sample", sample},
                                   {"drifted", nlohmann::ordered_json::array()}};
    for (std::size_t i : drifted) json["drifted"].push_back(status.tenants[i].tenant);
    if (!not_checked.empty()) json["reason"] = not_checked;
    return json;
  }
};

TenantDrift check_tenant_drift(db::Connection& connection, const MigrationFolder& folder,
                               const Target& target, const std::vector<TenantDatabase>& tenants,
                               const FleetStatus& status, const TenantDriftFlags& flags) {
  TenantDrift drift;
  std::optional<std::filesystem::path> snapshot = folder.latest_snapshot();
  if (flags.no_drift) {
    drift.not_checked = "--no-drift";
    return drift;
  }
  if (folder.migrations().empty() || !snapshot) {
    drift.not_checked = "the migration folder has no snapshot";
    return drift;
  }
  // A snapshot describes a tenant only once every migration is applied there.
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < status.tenants.size(); ++i) {
    const TenantStatus& t = status.tenants[i];
    if (t.unreachable.empty() && t.pending == 0 && t.other == 0 && t.head == status.latest) {
      candidates.push_back(i);
    }
  }
  drift.candidates = candidates.size();
  if (candidates.empty()) {
    drift.not_checked = "no tenant is at the latest migration";
    return drift;
  }
  if (!flags.all_tenants && candidates.size() > kTenantDriftSample) {
    std::shuffle(candidates.begin(), candidates.end(), std::mt19937(std::random_device{}()));
    candidates.resize(kTenantDriftSample);
    std::sort(candidates.begin(), candidates.end());
    drift.sample = true;
  }
  for (std::size_t i : candidates) {
    DriftCheck check;
    try {
      if (target.tenant_databases) {
        db::Connection tenant(tenants[i].settings);
        check = compare_snapshot_with_database(tenant, folder, *snapshot, &target);
      } else {
        check = compare_snapshot_with_database(connection, folder, *snapshot, &target,
                                               tenants[i].tenant);
      }
    } catch (const std::exception& e) {
      check = DriftCheck{};
      check.reason = db::scrub_password(e.what(), tenants[i].settings.password);
    }
    if (check.found()) drift.drifted.push_back(i);
    drift.checks.emplace_back(i, std::move(check));
  }
  return drift;
}

void print_tenant_drift(Output& output, const TenantDrift& drift, const FleetStatus& status) {
  if (drift.checks.empty()) {
    output.line(fmt::format("  drift not checked: {}", drift.not_checked));
    return;
  }
  std::string which = drift.sample
                          ? fmt::format(
                                "{} of the {} tenants at the latest migration (a random sample; "
                                "--all-tenants checks every one)",
                                drift.checks.size(), drift.candidates)
                          : fmt::format("{} tenant{} at the latest migration", drift.checks.size(),
                                        drift.checks.size() == 1 ? "" : "s");
  if (drift.drifted.empty()) {
    output.line(fmt::format("  no drift on {}", which));
  } else {
    output.line(
        fmt::format("  DRIFT: {} drifted, of {}; changed outside migrations (as SQL "
                    "from the snapshot to the tenant):",
                    drift.drifted.size(), which));
  }
  for (const auto& [index, check] : drift.checks) {
    const std::string& tenant = status.tenants[index].tenant;
    if (!check.checked) {
      output.line(fmt::format("    {}: drift not checked: {}", tenant, check.reason));
      continue;
    }
    if (!check.found()) continue;
    output.line(fmt::format("    {}:", tenant));
    for (const auto& statement : check.plan.statements) {
      std::string indented = "      " + statement.sql;
      for (std::size_t at = indented.find('\n'); at != std::string::npos;
           at = indented.find('\n', at + 1)) {
        indented.insert(at + 1, "      ");
      }
      output.line(indented);
    }
  }
}

}  // namespace

std::vector<TenantDatabase> target_tenants(db::Connection& connection, const Target& target,
                                           const db::ConnectionSettings& settings,
                                           const std::vector<std::string>& patterns) {
  std::vector<std::string> names = list_tenants(
      connection, TenantSource{target.tenants, target.tenants_query, target.tenant_databases});
  std::vector<TenantDatabase> located = target.tenant_databases
                                            ? resolve_tenant_databases(names, settings)
                                            : tenant_schemas_in(names, settings);
  if (patterns.empty()) return located;
  std::vector<std::string> all;
  for (const auto& tenant : located) all.push_back(tenant.tenant);
  std::vector<std::string> selected = select_tenants(all, patterns);
  std::vector<TenantDatabase> kept;
  std::size_t k = 0;
  for (auto& tenant : located) {
    if (k < selected.size() && tenant.tenant == selected[k]) {
      kept.push_back(std::move(tenant));
      ++k;
    }
  }
  return kept;
}

std::string migrate_tenant_target(Context& context, Project& project, const Target& target,
                                  const MigrateOptions& options, const TenantFlags& flags,
                                  const DatabasePreparation& preparation, const std::string& out,
                                  JsonResults& results, Output& output) {
  bool json = context.options.json;
  MigrationFolder folder = MigrationFolder::open(migration_folder_path(&target, out));
  db::ResolvedConnection resolved = project.connection(
      &target, [&](const std::string& line) { output.info(line); },
      ConnectionUse{preparation.wait_seconds > 0});
  std::vector<TenantDatabase> tenants;
  {
    db::Connection connection = connect_for_migration(resolved.settings, preparation);
    tenants = target_tenants(connection, target, resolved.settings, flags.tenants);
  }
  if (tenants.empty()) {
    output.line(fmt::format("no tenants: the tenants query returned no {}",
                            target.tenant_databases ? "database" : "schema"));
    return "no tenants";
  }
  TenantRunOptions run;
  run.migrate = options;
  run.jobs = context.options.jobs > 0 ? static_cast<unsigned>(context.options.jobs) : 0;
  run.fail_fast = context.options.fail_fast;
  run.canary = flags.canary;
  run.databases = target.tenant_databases;

  auto start = std::chrono::steady_clock::now();
  ProgressLine line(output.error_stream(), output.progress_mode() == ProgressMode::Live
                                               ? ProgressMode::Live
                                               : ProgressMode::Quiet);
  std::size_t failures = 0;
  auto show = [&](std::size_t done, std::size_t total) {
    std::string text = fmt::format("tenants: {}/{} done, {} failed", done, total, failures);
    line.show(text, [text, start, done](double) {
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      return fmt::format("{}, {:.1f} s, {:.1f}/s", text, seconds,
                         seconds > 0 ? static_cast<double>(done) / seconds : 0.0);
    });
  };
  show(0, tenants.size());
  FleetReport report = migrate_tenants(
      resolved.settings, folder, tenants, run,
      [&](const TenantOutcome& outcome, std::size_t done, std::size_t total) {
        line.clear();
        if (outcome.state == TenantOutcome::State::Failed) {
          ++failures;
          output.info(fmt::format("FAIL {}: {}", outcome.tenant,
                                  outcome.error ? outcome.error->what() : "failed"));
        } else if (output.verbose()) {
          output.info(fmt::format("ok   {}: {} applied, {} already applied", outcome.tenant,
                                  outcome.report.applied.size(), outcome.report.already_applied));
        }
        show(done, total);
      });
  line.clear();

  std::size_t applied = 0;
  // --json: the target's one entry of the document holds every tenant's outcome.
  nlohmann::ordered_json outcomes = nlohmann::ordered_json::array();
  for (const auto& t : report.tenants) {
    if (t.state == TenantOutcome::State::Migrated) applied += t.report.applied.size();
    if (json) outcomes.push_back(t.to_json());
  }
  if (json) {
    results.add({{"target", target.name},
                 {"connection", resolved.settings.describe()},
                 {"tenants", std::move(outcomes)}});
  }
  std::size_t migrated = report.count(TenantOutcome::State::Migrated);
  std::size_t failed = report.count(TenantOutcome::State::Failed);
  std::size_t not_run = report.count(TenantOutcome::State::NotRun);
  std::string summary = fmt::format(
      "{} tenant{}: {} {} ({} migration{} {}), {} failed{} in {:.0f} ms, {} at a time{}",
      tenants.size(), tenants.size() == 1 ? "" : "s", migrated,
      options.dry_run ? "checked" : "migrated", applied, applied == 1 ? "" : "s",
      options.dry_run ? "would apply" : "applied", failed,
      not_run ? fmt::format(", {} not run", not_run) : "", report.duration_ms, report.jobs,
      report.servers > 1 ? fmt::format(" on {} servers", report.servers) : "");
  if (json) {
    output.info(summary);
  } else {
    output.line(failed ? summary : output.green(summary));
  }
  if (failed == 0) return summary;
  // Every failed tenant with its whole error: migration, statement, file:line:col, hint.
  std::vector<int> codes;
  for (const auto& t : report.tenants) {
    if (t.state != TenantOutcome::State::Failed || !t.error) continue;
    codes.push_back(t.error->exit_code());
    output.error(fmt::format("tenant {}: {}", t.tenant, t.error->describe()));
  }
  std::string why = not_run == 0       ? ""
                    : flags.canary > 0 ? fmt::format(" ({} not run: a canary failed)", not_run)
                                       : fmt::format(" ({} not run: --fail-fast)", not_run);
  output.info(fmt::format(
      "{} of {} tenants failed{}; fix the cause and run sleet migrate again: only what is "
      "missing runs",
      failed, tenants.size(), why));
  throw ExitStatus{combined_exit_code(codes)};
}

TenantStatusOutcome print_tenant_status(Context& context, Project& project, const Target& target,
                                        const std::string& out, const TenantDriftFlags& drift_flags,
                                        nlohmann::ordered_json& result, Output& output) {
  MigrationFolder folder = MigrationFolder::open(migration_folder_path(&target, out));
  db::ResolvedConnection resolved = project.connection(&target);
  result["connection"] = resolved.settings.describe();
  db::Connection connection(resolved.settings);
  std::vector<TenantDatabase> tenants = target_tenants(connection, target, resolved.settings);
  FleetStatus status;
  if (target.tenant_databases) {
    unsigned jobs = context.options.jobs > 0 ? static_cast<unsigned>(context.options.jobs) : 0;
    status =
        tenant_database_status(resolved.settings, folder, tenants, tracking_options(&target), jobs);
  } else {
    std::vector<std::string> names;
    for (const auto& tenant : tenants) names.push_back(tenant.tenant);
    status = tenant_status(connection, folder, names, tracking_options(&target));
  }
  TenantStatusOutcome outcome;
  for (const auto& t : status.tenants) {
    outcome.migrations_attention = outcome.migrations_attention || t.needs_attention();
  }
  TenantDrift drift = check_tenant_drift(connection, folder, target, tenants, status, drift_flags);
  outcome.drifted = !drift.drifted.empty();
  if (context.options.json) {
    result["tenants"] = status.to_json();
    result["tenants"]["drift"] = drift.to_json(status);
    for (const auto& [index, check] : drift.checks) {
      result["tenants"]["tenants"][index]["drift"] = drift_json(check);
    }
    return outcome;
  }
  output.line(output.bold(fmt::format("{}: {} ({}), {} tenant{}", target.name,
                                      resolved.settings.describe(), folder.directory().string(),
                                      tenants.size(), tenants.size() == 1 ? "" : "s")));
  // How many tenants stand at each migration, in the folder's order.
  std::map<std::string, std::size_t> at;
  for (const auto& t : status.tenants) {
    if (t.unreachable.empty()) ++at[t.head];
  }
  for (const auto& migration : folder.migrations()) {
    auto found = at.find(migration.entry.tag);
    if (found == at.end()) continue;
    output.line(fmt::format("  {:>5} at {}{}", found->second, migration.entry.tag,
                            migration.entry.tag == status.latest ? " (latest)" : ""));
  }
  if (at.count("")) output.line(fmt::format("  {:>5} with nothing applied", at[""]));
  std::vector<std::string> behind, failed, unreachable;
  for (const auto& t : status.tenants) {
    if (!t.unreachable.empty()) {
      unreachable.push_back(fmt::format("{}: {}", t.tenant, t.unreachable));
    } else if (t.pending > 0 || t.other > 0) {
      behind.push_back(t.other > 0 ? fmt::format("{} ({} pending, {} edited, out of order or "
                                                 "missing their file)",
                                                 t.tenant, t.pending, t.other)
                                   : fmt::format("{} ({} pending)", t.tenant, t.pending));
    }
    if (t.last_run && t.last_run->failed) {
      failed.push_back(fmt::format("{} at {}: {}", t.tenant, t.last_run->at, t.last_run->error));
    }
  }
  if (behind.empty()) {
    output.line("  every tenant is at the latest migration");
  } else {
    output.line(fmt::format("  {} behind:", behind.size()));
    for (const auto& line : behind) output.line("    " + line);
  }
  if (!unreachable.empty()) {
    output.line(fmt::format("  {} could not be read:", unreachable.size()));
    for (const auto& line : unreachable) output.line("    " + line);
  }
  if (!failed.empty()) {
    output.line(fmt::format("  {} failed in the last migrate:", failed.size()));
    for (const auto& line : failed) {
      std::string indented = "    " + line;
      for (std::size_t p = indented.find('\n'); p != std::string::npos;
           p = indented.find('\n', p + 1)) {
        indented.insert(p + 1, "      ");
      }
      output.line(indented);
    }
  }
  print_tenant_drift(output, drift, status);
  return outcome;
}

}  // namespace sleet::cli
