// sleet repair and migrate --mark-applied: correct what the tracking table says without
// running a migration, so nobody edits it by hand.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>

#include "cli/cli.h"
#include "cli/confirm.h"
#include "cli/rename_prompt.h"
#include "cli/target_runner.h"
#include "cli/undo.h"
#include "sleet/error.h"
#include "sleet/migrate.h"
#include "sleet/rollback.h"

namespace sleet::cli {

namespace {

// Returns when the user agreed (or `yes`); throws otherwise.
void confirm(const std::string& question, bool yes, const std::string& where,
             const std::string& flag_hint) {
  if (yes) return;
  if (!can_prompt()) {
    throw Error(ErrorKind::Usage, "this changes the tracking table and nobody can be asked", where,
                flag_hint);
  }
  if (!ask_yes_no(question)) throw Error(ErrorKind::Failure, "aborted, nothing changed");
}

struct RepairFlags {
  std::string out;
  std::vector<std::string> tags;
  bool yes = false;
};

void run_repair(Context& context, const RepairFlags& flags) {
  Output output(context.options);
  Project project(context.options);
  for (const std::optional<Target>& entry : project.targets_or_none()) {
    const Target* target = entry ? &*entry : nullptr;
    MigrateOptions options = tracking_options(target);
    std::filesystem::path out = migration_folder_path(target, flags.out);
    MigrationFolder folder = MigrationFolder::open(out);
    db::ResolvedConnection resolved =
        project.connection(target, [&](const std::string& line) { output.info(line); });
    db::Connection connection(resolved.settings);
    std::vector<std::string> edited;
    nlohmann::ordered_json repaired = nlohmann::ordered_json::array();
    json_document().add({{"target", target ? target->name : ""}, {"repaired", repaired}});
    for (const MigrationStatus& status : migration_status(connection, folder, options).migrations) {
      if (status.state == MigrationState::Edited) edited.push_back(status.tag);
    }
    if (edited.empty() && flags.tags.empty()) {
      output.line(fmt::format("{}: no applied migration was edited; nothing to repair",
                              resolved.settings.describe()));
      continue;
    }
    std::vector<std::string> named = flags.tags.empty() ? edited : flags.tags;
    confirm(fmt::format("Accept the edited file{} of {} as applied in {}?",
                        named.size() == 1 ? "" : "s", fmt::join(named, ", "),
                        resolved.settings.describe()),
            flags.yes, resolved.settings.describe(),
            "check the edit changes nothing the database needs (git diff), then pass --yes");
    for (const std::string& tag : repair_migrations(connection, folder, flags.tags, options)) {
      output.line(fmt::format("  {} {}: the tracking table now holds its file's hash",
                              output.green("repaired"), tag));
      repaired.push_back(tag);
    }
    json_document().add({{"target", target ? target->name : ""}, {"repaired", repaired}});
  }
}

}  // namespace

std::string mark_applied(Project& project, const Target* target, const MigrationFolder& folder,
                         const MigrateOptions& options, const std::string& tag, bool yes,
                         Output& output) {
  if (!folder.find(tag)) {
    throw Error(ErrorKind::Usage, fmt::format("no migration named {} in the journal", tag),
                folder.journal_file().string(), "use a tag from 'sleet status'");
  }
  db::ResolvedConnection resolved =
      project.connection(target, [&](const std::string& line) { output.info(line); });
  db::Connection connection(resolved.settings);
  confirm(fmt::format("Record {} as applied in {} without running it?", tag,
                      resolved.settings.describe()),
          yes, resolved.settings.describe(),
          "make sure the database already holds what " + tag +
              " does (you fixed it by hand), then pass --yes");
  bool marked = mark_as_applied(connection, folder, tag, options);
  json_document().add(
      {{"target", target ? target->name : ""}, {"marked", tag}, {"changed", marked}});
  if (!marked) {
    output.line(fmt::format("{} is already recorded as applied; nothing changed", tag));
    return "already applied";
  }
  output.line(fmt::format("  {} {} as applied (none of it ran)", output.green("marked"), tag));
  return "marked applied";
}

void register_repair(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "repair", "Accept an intended edit of applied migrations: record their files' new hashes");
  auto flags = std::make_shared<RepairFlags>();
  command->add_option("tags", flags->tags, "The edited migrations (default: every edited one)");
  command->add_option("--out", flags->out, "Migration folder (default: the target's `out`)");
  command->add_flag("--yes", flags->yes, "Do not ask (needed without a terminal)");
  command->callback([&context, flags] { run_repair(context, *flags); });
}

}  // namespace sleet::cli
