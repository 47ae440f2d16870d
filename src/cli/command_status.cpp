// sleet status: where each migration stands in each selected target's database, and whether
// the database's schema still matches the latest snapshot (drift: changes made by hand).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/drift.h"
#include "cli/target_runner.h"
#include "cli/tenant_targets.h"
#include "sleet/custom_migrations.h"
#include "sleet/diff.h"
#include "sleet/folder_check.h"
#include "sleet/migrate.h"
#include "sleet/plan.h"
#include "sleet/push.h"
#include "sleet/rollback.h"
#include "sleet/snapshot.h"

namespace sleet::cli {

namespace {

std::string describe_status(const MigrationStatus& status) {
  const std::string& how = status.applied_how;
  switch (status.state) {
    case MigrationState::Applied:
      if (status.applied_at.empty()) return "applied (by drizzle-kit)";
      if (how == "marked") {
        return fmt::format("marked applied by {} at {} (none of it ran)", status.applied_by,
                           status.applied_at);
      }
      if (how == "repaired") {
        return fmt::format("applied; its edit accepted by {} at {} (sleet repair)",
                           status.applied_by, status.applied_at);
      }
      return fmt::format("applied {} by {}", status.applied_at, status.applied_by);
    case MigrationState::Pending:
      return "pending";
    case MigrationState::Edited:
      return fmt::format("EDITED after it was applied (applied hash {}, file hash {})",
                         status.stored_hash.substr(0, 12), status.hash.substr(0, 12));
    case MigrationState::OutOfOrder:
      return "OUT OF ORDER: pending but older than the newest applied migration "
             "(drizzle-kit would skip it)";
    case MigrationState::MissingFile:
      return fmt::format("MISSING FILE: applied (hash {}, created_at {}) but not in the journal",
                         status.hash.substr(0, 12), status.when);
  }
  return "";
}

void print_status(const Output& output, const std::string& heading, const StatusReport& report) {
  output.line(output.bold(heading));
  std::size_t width = 4;
  for (const auto& m : report.migrations) width = std::max(width, m.tag.size());
  for (const auto& m : report.migrations) {
    std::string tag = m.tag.empty() ? "(no file)" : m.tag;
    output.line(fmt::format("  {:<{}}  {}", tag, width, describe_status(m)));
  }
  std::map<MigrationState, int> counts;
  for (const auto& m : report.migrations) ++counts[m.state];
  std::vector<std::string> parts;
  for (auto state : {MigrationState::Applied, MigrationState::Pending, MigrationState::Edited,
                     MigrationState::OutOfOrder, MigrationState::MissingFile}) {
    if (counts[state] > 0) parts.push_back(fmt::format("{} {}", counts[state], to_string(state)));
  }
  output.line(parts.empty() ? "  no migrations" : "  " + fmt::format("{}", fmt::join(parts, ", ")));
}

struct StatusFlags {
  std::string out;
  bool no_drift = false;
  bool all_tenants = false;
};

void print_drift(const Output& output, const DriftCheck& drift) {
  std::string snapshot = "meta/" + drift.snapshot.filename().string();
  if (!drift.custom.tags.empty()) {
    // What the database is compared with: the snapshot and what custom migrations made.
    snapshot += fmt::format(" with custom migration{} {}", drift.custom.tags.size() == 1 ? "" : "s",
                            fmt::join(drift.custom.tags, ", "));
  }
  for (const std::string& note : drift.custom.notes) output.note("drift: " + note);
  for (const std::string& message : drift.unmatched_filters) {
    output.warning("drift: " + message + "; check sleet.toml");
  }
  if (drift.server_normalized) {
    output.note("drift: the snapshot's expressions were normalised by the server (rolled back)");
  }
  if (!drift.server_normalization_failed.empty()) {
    output.warning("drift: compared with the offline rules only (" +
                   drift.server_normalization_failed +
                   "); an expression the server stores differently may show as drift");
  }
  if (drift.limited) {
    output.note("drift: " + snapshot +
                " was written by drizzle-kit, which has no slot for extensions and comments: "
                "those are not compared");
  }
  if (!drift.checked) {
    output.line(fmt::format("  drift not checked: {}", drift.reason));
  } else if (!drift.found()) {
    output.line(fmt::format("  no drift: the database matches {}", snapshot));
  } else {
    output.line(fmt::format(
        "  DRIFT: the database differs from {}; changed outside migrations (as SQL from the "
        "snapshot to the database):",
        snapshot));
    for (const auto& statement : drift.plan.statements) {
      std::string indented = "    " + statement.sql;
      for (std::size_t at = indented.find('\n'); at != std::string::npos;
           at = indented.find('\n', at + 1)) {
        indented.insert(at + 1, "    ");
      }
      output.line(indented);
    }
  }
}

void run_status(Context& context, const StatusFlags& flags) {
  const std::string& out_flag = flags.out;
  Output output(context.options);
  Project project(context.options);
  std::vector<std::optional<Target>> targets = project.targets_or_none();
  int attention = 0;
  bool migrations_attention = false;
  bool drift_found = false;
  bool branches_found = false;
  std::vector<Error> failures;
  for (const auto& target : targets) {
    const Target* t = target ? &*target : nullptr;
    nlohmann::ordered_json result = {{"target", t ? t->name : ""}};
    try {
      if (t && t->has_tenants()) {
        TenantStatusOutcome fleet = print_tenant_status(
            context, project, *t, out_flag, TenantDriftFlags{flags.no_drift, flags.all_tenants},
            result, output);
        if (fleet.migrations_attention || fleet.drifted) ++attention;
        migrations_attention = migrations_attention || fleet.migrations_attention;
        drift_found = drift_found || fleet.drifted;
        if (context.options.json) json_document().add(std::move(result));
        continue;
      }
      MigrateOptions options;
      std::filesystem::path out =
          std::filesystem::absolute(out_flag.empty() ? "drizzle" : out_flag);
      if (t) {
        options.migrations_schema = t->migrations_schema;
        options.migrations_table = t->migrations_table;
        if (out_flag.empty()) out = t->out;
      }
      MigrationFolder folder = MigrationFolder::open(out);
      for (const Migration& migration : folder.migrations()) {
        if (auto warning = empty_migration_warning(migration.entry.tag, migration.text)) {
          output.warning(*warning);
        }
      }
      // migrate refuses such a folder: status says so before anyone runs it.
      std::vector<UnmergedBranches> unmerged = find_unmerged_branches(folder);
      if (!unmerged.empty()) {
        branches_found = true;
        nlohmann::ordered_json pairs = nlohmann::ordered_json::array();
        for (const UnmergedBranches& branches : unmerged) {
          std::string message = describe_unmerged_branches(branches, folder.format());
          pairs.push_back({{"since", branches.since},
                           {"first", branches.first},
                           {"second", branches.second},
                           {"message", message}});
          std::string line = message +
                             "; 'sleet migrate' applies nothing until 'sleet rebase' puts them "
                             "in one line";
          output.warning(targets.size() > 1 ? labelled(t ? t->name : "", line) : line);
        }
        result["unmerged_branches"] = std::move(pairs);
      }
      db::ResolvedConnection resolved = project.connection(t);
      result["connection"] = resolved.settings.describe();
      db::Connection connection(resolved.settings);
      StatusReport report = migration_status(connection, folder, options);
      DriftCheck drift;
      drift.reason = "--no-drift";
      if (!flags.no_drift) drift = check_drift(connection, folder, report, t);
      if (report.needs_attention() || drift.found() || !unmerged.empty()) ++attention;
      migrations_attention = migrations_attention || report.needs_attention();
      drift_found = drift_found || drift.found();
      if (context.options.json) {
        result["status"] = report.to_json();
        result["drift"] = drift_json(drift);
      } else {
        print_status(output,
                     fmt::format("{}{} ({})", t ? t->name + ": " : "", resolved.settings.describe(),
                                 folder.directory().string()),
                     report);
        if (!flags.no_drift) print_drift(output, drift);
      }
    } catch (const Error& e) {
      if (targets.size() == 1 && !context.options.json) throw;
      result["error"] = {{"message", e.what()},
                         {"where", e.where()},
                         {"hint", e.hint()},
                         {"exit_code", e.exit_code()}};
      if (targets.size() > 1) output.info(labelled(t ? t->name : "", "error: " + e.describe()));
      failures.push_back(e);
    }
    if (context.options.json) json_document().add(std::move(result));
  }
  if (targets.size() == 1 && !failures.empty()) throw failures.front();
  if (!failures.empty()) {
    std::vector<int> codes;
    for (const Error& failure : failures) codes.push_back(failure.exit_code());
    output.error(
        fmt::format("{} of {} targets could not be read", failures.size(), targets.size()));
    throw ExitStatus{combined_exit_code(codes)};
  }
  if (attention > 0) {
    std::string single = migrations_attention && drift_found
                             ? "migrations need attention and the schema drifted"
                             : (drift_found ? "the database schema drifted from the migrations"
                                            : "migrations need attention");
    if (branches_found && !migrations_attention && !drift_found)
      single = "the migration folder holds two branches not in one line";
    std::vector<std::string> hints;
    if (branches_found) {
      hints.push_back(
          "unmerged branches: run 'sleet rebase' ('sleet check' says first whether they "
          "commute)");
    }
    if (migrations_attention) {
      hints.push_back(
          "pending: run 'sleet migrate'; edited / out of order / missing file: see "
          "docs/migrate.md");
    }
    if (drift_found) {
      hints.push_back(
          "drift: keep the change (add it to the schema files and run 'sleet generate'), "
          "revert it by hand, or run 'sleet push' to make the database match the schema files; "
          "if nobody changed it by hand, the snapshot may disagree with its own migrations: "
          "'sleet check --replay' compares the two");
    }
    throw Error(ErrorKind::Failure,
                targets.size() == 1 ? single : fmt::format("{} targets need attention", attention),
                "", fmt::format("{}", fmt::join(hints, "\n  ")));
  }
}

}  // namespace

void register_status(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "status",
      "Show each migration as applied, pending, edited, out of order or missing its "
      "file, and drift from the latest snapshot (exit 1 when anything needs attention)");
  auto flags = std::make_shared<StatusFlags>();
  command->add_option("--out", flags->out, "Migration folder (default: the target's `out`)");
  command->add_flag("--no-drift", flags->no_drift,
                    "Do not compare the database's schema with the latest snapshot");
  command->add_flag("--all-tenants", flags->all_tenants,
                    "With a tenant target: check drift on every tenant, not a sample of " +
                        std::to_string(kTenantDriftSample));
  command->callback([&context, flags] { run_status(context, *flags); });
}

}  // namespace sleet::cli
