// sleet drop [TAG]: remove a migration (its .sql, its snapshot, its journal entry). The
// database is not changed; a migration the configured database shows applied is refused
// unless --force.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/target_runner.h"
#include "sleet/journal.h"
#include "sleet/migrate.h"

namespace sleet::cli {

namespace {

struct DropFlags {
  std::string tag;
  std::string out;
  bool force = false;
  bool yes = false;
};

bool confirm(const std::string& question) {
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes";
}

// Dropping a migration the database has applied would make the folder and the database
// disagree for good (and the next generate would not re-create its changes).
void refuse_if_applied(Project& project, const Target* target, const MigrationFolder& folder,
                       const std::string& tag, const Output& output) {
  auto resolved = project.existing_connection(target);
  if (!resolved) return;
  try {
    db::Connection connection(resolved->settings);
    MigrateOptions options;
    if (target) {
      options.migrations_schema = target->migrations_schema;
      options.migrations_table = target->migrations_table;
    }
    for (const auto& status : migration_status(connection, folder, options).migrations) {
      if (status.tag == tag &&
          (status.state == MigrationState::Applied || status.state == MigrationState::Edited)) {
        throw Error(ErrorKind::Failure,
                    fmt::format("{} is applied to {}: dropping its files would leave the "
                                "database with changes no migration describes",
                                tag, resolved->settings.describe()),
                    folder.journal_file().string(),
                    "write a new migration that reverts it instead, or pass --force if that "
                    "database is disposable");
      }
    }
  } catch (const db::DatabaseError&) {
    throw;
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::Connection) throw;
    output.warning(fmt::format("could not check whether {} is applied: {}", tag, error.what()));
  }
}

void run_drop(Context& context, const DropFlags& flags) {
  Output output(context.options);
  Project project(context.options);
  std::filesystem::path out = std::filesystem::absolute(flags.out.empty() ? "drizzle" : flags.out);
  if (flags.out.empty() && project.has_config()) {
    auto targets = project.targets();
    if (targets.size() != 1) {
      throw Error(ErrorKind::Usage, "drop works on one target at a time", "",
                  "choose one with --target NAME");
    }
    out = targets.front().out;
  }
  std::optional<Target> target;
  if (project.has_config() && project.targets().size() == 1) target = project.targets().front();
  // --force is what the missing-file error points to: the entry can go without its file.
  MigrationFolder folder = MigrationFolder::open(
      out, flags.force ? MigrationFolder::MissingFiles::Tolerated
                       : MigrationFolder::MissingFiles::Refused);
  const auto& migrations = folder.migrations();
  if (migrations.empty()) {
    throw Error(ErrorKind::Usage, "the journal has no migrations to drop",
                folder.journal_file().string());
  }
  std::string tag = flags.tag.empty() ? migrations.back().entry.tag : flags.tag;
  const Migration* migration = folder.find(tag);
  if (!migration) {
    throw Error(ErrorKind::Usage, fmt::format("no migration named {} in the journal", tag),
                folder.journal_file().string(), "run 'sleet status' to list the migrations");
  }
  if (tag != migrations.back().entry.tag && !flags.force) {
    throw Error(ErrorKind::Usage,
                fmt::format("{} is not the last migration: dropping it breaks the snapshot chain "
                            "(the next snapshot's prevId points at it) and later migrations were "
                            "generated on top of it",
                            tag),
                folder.journal_file().string(),
                "drop the later migrations first, or pass --force and regenerate what follows");
  }
  if (!flags.force) refuse_if_applied(project, target ? &*target : nullptr, folder, tag, output);
  std::string what = folder.format() == FolderFormat::V3
                         ? fmt::format("the folder {}", migration->file.parent_path().string())
                         : fmt::format("{} and {} and its journal entry", migration->file.string(),
                                       folder.files_of(tag).snapshot.string());
  std::string question = fmt::format(
      "Drop migration {}? This deletes {} (the database is not changed; if it was applied "
      "anywhere, it stays applied there).",
      tag, what);
  if (!flags.yes) {
    if (!isatty(STDIN_FILENO)) {
      throw Error(ErrorKind::Usage, fmt::format("refusing to drop {} without confirmation", tag),
                  "", "pass --yes to drop without a terminal");
    }
    if (!confirm(question)) {
      throw Error(ErrorKind::Usage, "not dropped", "", "answer y to drop");
    }
  }
  folder.remove(tag);
  if (context.options.json) {
    json_document().add({{"target", target ? target->name : ""}, {"dropped", tag}});
  } else {
    output.line(output.green(fmt::format("dropped {}", tag)));
  }
}

}  // namespace

void register_drop(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "drop", "Remove a migration's files and journal entry (the last one unless --force)");
  auto flags = std::make_shared<DropFlags>();
  command->add_option("tag", flags->tag, "Migration tag (default: the last one)");
  command->add_option("--out", flags->out, "Migration folder (default: the target's `out`)");
  command->add_flag("--force", flags->force,
                    "Allow dropping a migration that is not the last, or one the database "
                    "shows applied");
  command->add_flag("-y,--yes", flags->yes, "Do not ask for confirmation");
  command->callback([&context, flags] { run_drop(context, *flags); });
}

}  // namespace sleet::cli
