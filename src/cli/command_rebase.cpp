// sleet rebase: after git merged two branches that each added migrations to one folder, keep
// the branch that landed first and put the other's migrations after it (renumbered in a 0.x
// folder, re-dated in a drizzle-kit 1.0 folder), their snapshots chained onto the kept leaf.
// Never moves a migration the configured database shows applied.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/target_runner.h"
#include "sleet/branch_merge.h"
#include "sleet/journal.h"
#include "sleet/migrate.h"

namespace sleet::cli {

namespace {

struct RebaseFlags {
  std::string out;
  bool offline = false;
  bool dry_run = false;
};

// The tags the configured database records as applied; empty when none is configured.
std::set<std::string> applied_tags(Project& project, const Target* target,
                                   const MigrationFolder& folder, const Output& output) {
  std::set<std::string> applied;
  auto resolved = project.existing_connection(target);
  if (!resolved) {
    output.info("no database configured: the branch that was generated first is kept");
    return applied;
  }
  try {
    db::Connection connection(resolved->settings);
    MigrateOptions options;
    if (target) {
      options.migrations_schema = target->migrations_schema;
      options.migrations_table = target->migrations_table;
    }
    for (const auto& status : migration_status(connection, folder, options).migrations) {
      if (status.state == MigrationState::Applied || status.state == MigrationState::Edited)
        applied.insert(status.tag);
    }
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::Connection) throw;
    throw Error(ErrorKind::Connection,
                fmt::format("cannot read which migrations {} has applied: {}",
                            resolved->settings.describe(), error.what()),
                error.where(),
                "start the database, or pass --offline to rebase without asking it (then no "
                "migration the database applied is known to be safe from moving)");
  }
  return applied;
}

void run_rebase(Context& context, const RebaseFlags& flags) {
  Output output(context.options);
  Project project(context.options);
  std::filesystem::path out = std::filesystem::absolute(flags.out.empty() ? "drizzle" : flags.out);
  std::optional<Target> target;
  if (project.has_config()) {
    auto targets = project.targets();
    if (targets.size() != 1) {
      throw Error(ErrorKind::Usage, "rebase works on one target at a time", "",
                  "choose one with --target NAME");
    }
    target = targets.front();
    if (flags.out.empty()) out = target->out;
  }
  MigrationFolder folder = MigrationFolder::open(out);
  std::set<std::string> applied;
  if (!flags.offline) applied = applied_tags(project, target ? &*target : nullptr, folder, output);
  RebaseResult result = rebase_branches(folder, applied, flags.dry_run);
  if (context.options.json) {
    nlohmann::json moved = nlohmann::json::array();
    for (const auto& [from, to] : result.moved) moved.push_back({{"from", from}, {"to", to}});
    nlohmann::json duplicates = nlohmann::json::array();
    for (const RebaseDuplicate& duplicate : result.duplicates) {
      duplicates.push_back({{"migration", duplicate.migration},
                            {"kept", duplicate.kept},
                            {"statement", duplicate.statement}});
    }
    json_document().add({{"target", target ? target->name : ""},
                         {"dry_run", flags.dry_run},
                         {"kept", result.kept},
                         {"moved", moved},
                         {"duplicates", duplicates},
                         {"removed", result.removed}});
    return;
  }
  output.line(fmt::format("kept {} ({})", fmt::join(result.kept, ", "), result.reason));
  for (const auto& [from, to] : result.moved) {
    if (from == to) {
      output.line(
          output.green(fmt::format("{} {} after the kept branch (its name already sorts "
                                   "after it)",
                                   flags.dry_run ? "would chain" : "chained", from)));
      continue;
    }
    output.line(
        output.green(fmt::format("{} {} -> {}", flags.dry_run ? "would move" : "moved", from, to)));
  }
  for (const RebaseDuplicate& duplicate : result.duplicates) {
    output.line(fmt::format("{} {} from {}: {} makes the same statement",
                            flags.dry_run ? "would remove" : "removed", duplicate.statement,
                            duplicate.migration, duplicate.kept));
  }
  for (const std::string& tag : result.removed) {
    output.line(fmt::format("{} {}: every statement of it is the kept branch's",
                            flags.dry_run ? "would remove" : "removed", tag));
  }
  for (const std::string& tag : result.down_removed) {
    output.warning(fmt::format(
        "{} {}'s down.sql: it reversed the removed statements too; write it again for what the "
        "migration still does if you roll it back",
        flags.dry_run ? "would remove" : "removed", tag));
  }
  if (!flags.dry_run) output.line("the folder is one line again; 'sleet migrate' applies it");
}

}  // namespace

void register_rebase(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "rebase",
      "After a git merge of two branches that both added migrations: put the later branch's "
      "migrations after the other's, snapshots chained (refuses when they conflict)");
  auto flags = std::make_shared<RebaseFlags>();
  command->add_option("--out", flags->out, "Migration folder (default: the target's `out`)");
  command->add_flag("--offline", flags->offline,
                    "Do not ask the configured database which migrations it applied");
  command->add_flag("--dry-run", flags->dry_run, "Say what would move; write nothing");
  command->callback([&context, flags] { run_rebase(context, *flags); });
}

}  // namespace sleet::cli
