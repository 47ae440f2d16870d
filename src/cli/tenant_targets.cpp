// migrate and status on a target with `tenants`: see tenant_targets.h and docs/tenants.md.
#include "cli/tenant_targets.h"

#include <fmt/format.h>

#include <chrono>
#include <map>

#include "sleet/tenants.h"

namespace sleet::cli {

namespace {

std::vector<std::string> target_tenants(db::Connection& connection, const Target& target) {
  return list_tenants(connection, TenantSource{target.tenants, target.tenants_query});
}

}  // namespace

std::string migrate_tenant_target(Context& context, Project& project, const Target& target,
                                  const MigrateOptions& options, const TenantFlags& flags,
                                  const DatabasePreparation& preparation, const std::string& out,
                                  JsonResults& results, Output& output) {
  bool json = context.options.json;
  MigrationFolder folder = MigrationFolder::open(migration_folder_path(&target, out));
  db::ResolvedConnection resolved = project.connection(
      &target, [&](const std::string& line) { output.info(line); },
      ConnectionUse{preparation.wait_seconds > 0});
  std::vector<std::string> tenants;
  {
    db::Connection connection = connect_for_migration(resolved.settings, preparation);
    tenants = select_tenants(target_tenants(connection, target), flags.tenants);
  }
  if (tenants.empty()) {
    output.line(fmt::format("no tenants: the tenants query returned no schema"));
    return "no tenants";
  }
  TenantRunOptions run;
  run.migrate = options;
  run.jobs = context.options.jobs > 0 ? static_cast<unsigned>(context.options.jobs) : 0;
  run.fail_fast = context.options.fail_fast;
  run.canary = flags.canary;

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
      "{} tenant{}: {} {} ({} migration{} {}), {} failed{} in {:.0f} ms, {} at a time",
      tenants.size(), tenants.size() == 1 ? "" : "s", migrated,
      options.dry_run ? "checked" : "migrated", applied, applied == 1 ? "" : "s",
      options.dry_run ? "would apply" : "applied", failed,
      not_run ? fmt::format(", {} not run", not_run) : "", report.duration_ms, report.jobs);
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

bool print_tenant_status(Context& context, Project& project, const Target& target,
                         const std::string& out, nlohmann::ordered_json& result, Output& output) {
  MigrationFolder folder = MigrationFolder::open(migration_folder_path(&target, out));
  db::ResolvedConnection resolved = project.connection(&target);
  result["connection"] = resolved.settings.describe();
  db::Connection connection(resolved.settings);
  std::vector<std::string> tenants = target_tenants(connection, target);
  FleetStatus status = tenant_status(connection, folder, tenants, tracking_options(&target));
  bool attention = false;
  for (const auto& t : status.tenants) attention = attention || t.needs_attention();
  if (context.options.json) {
    result["tenants"] = status.to_json();
    return attention;
  }
  output.line(output.bold(fmt::format("{}: {} ({}), {} tenant{}", target.name,
                                      resolved.settings.describe(), folder.directory().string(),
                                      tenants.size(), tenants.size() == 1 ? "" : "s")));
  // How many tenants stand at each migration, in the folder's order.
  std::map<std::string, std::size_t> at;
  for (const auto& t : status.tenants) ++at[t.head];
  for (const auto& migration : folder.migrations()) {
    auto found = at.find(migration.entry.tag);
    if (found == at.end()) continue;
    output.line(fmt::format("  {:>5} at {}{}", found->second, migration.entry.tag,
                            migration.entry.tag == status.latest ? " (latest)" : ""));
  }
  if (at.count("")) output.line(fmt::format("  {:>5} with nothing applied", at[""]));
  std::vector<std::string> behind, failed;
  for (const auto& t : status.tenants) {
    if (t.pending > 0 || t.other > 0) {
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
  output.line("  drift not checked: not yet for tenant targets");
  return attention;
}

}  // namespace sleet::cli
