// sleet convert --to v3|journal: a migration folder rewritten in drizzle-kit's other layout
// (1.0's one folder per migration, or 0.x's journal), and the configured database's tracking
// rows rewritten in the same step so neither tool runs a migration again. Named `convert`, not
// drizzle-kit's `up`: `sleet up` is the deploy step (create the database, then migrate).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/target_runner.h"
#include "sleet/folder_convert.h"
#include "sleet/journal.h"
#include "sleet/migrate.h"

namespace sleet::cli {

namespace {

struct ConvertFlags {
  std::string to;
  std::string out;
  std::string backup;
  bool offline = false;
  bool dry_run = false;
};

FolderFormat target_format(const std::string& to) {
  if (to == "v3") return FolderFormat::V3;
  if (to == "journal") return FolderFormat::Journal;
  throw Error(ErrorKind::Usage, fmt::format("--to {}: unknown layout", to), "--to",
              "use --to v3 (drizzle-kit 1.0) or --to journal (drizzle-kit 0.x)");
}

void run_convert(Context& context, const ConvertFlags& flags) {
  Output output(context.options);
  Project project(context.options);
  FolderFormat to = target_format(flags.to);
  std::filesystem::path out = std::filesystem::absolute(flags.out.empty() ? "drizzle" : flags.out);
  std::optional<Target> target;
  if (project.has_config()) {
    auto targets = project.targets();
    if (targets.size() != 1) {
      throw Error(ErrorKind::Usage, "convert works on one target at a time", "",
                  "choose one with --target NAME");
    }
    target = targets.front();
    if (flags.out.empty()) out = target->out;
  }
  MigrationFolder folder = MigrationFolder::open(out);
  FolderConversion conversion = convert_folder(folder, to);
  std::filesystem::path backup = flags.backup.empty() ? conversion_backup_path(out, folder.format())
                                                      : std::filesystem::absolute(flags.backup);

  std::optional<db::Connection> connection;
  MigrateOptions options;
  if (target) {
    options.migrations_schema = target->migrations_schema;
    options.migrations_table = target->migrations_table;
  }
  TrackingCarryOver carry;
  std::string database;
  if (!flags.offline) {
    if (auto resolved = project.existing_connection(target ? &*target : nullptr)) {
      database = resolved->settings.describe();
      try {
        connection.emplace(resolved->settings);
      } catch (const Error& error) {
        if (error.kind() != ErrorKind::Connection) throw;
        throw Error(ErrorKind::Connection,
                    fmt::format("cannot read the tracking rows of {}: {}", database, error.what()),
                    error.where(),
                    "start the database, or pass --offline to convert the folder alone (then "
                    "every database it migrated needs its rows carried over by hand)");
      }
      carry = plan_tracking_carry_over(*connection, options, folder, conversion);
    } else {
      output.info("no database configured: only the folder is converted");
    }
  }

  if (context.options.json) {
    nlohmann::json migrations = nlohmann::json::array();
    for (const ConvertedMigration& m : conversion.migrations)
      migrations.push_back({{"from", m.from_tag}, {"to", m.to_tag}, {"custom", m.custom}});
    json_document().add({{"target", target ? target->name : ""},
                         {"dry_run", flags.dry_run},
                         {"format", std::string(to_string(to))},
                         {"backup", flags.dry_run ? "" : backup.string()},
                         {"migrations", migrations},
                         {"tracking_rows", carry.rows.size()}});
  }
  if (!flags.dry_run) {
    std::optional<db::Transaction> transaction;
    if (connection && carry.table_exists) {
      transaction.emplace(*connection);
      carry_tracking_rows(*connection, options, carry, to);
    }
    write_converted_folder(conversion, out, backup);
    if (transaction) {
      try {
        transaction->commit();
      } catch (...) {
        // The rows stayed as they were: so does the folder.
        std::error_code ignored;
        std::filesystem::remove_all(out, ignored);
        std::filesystem::rename(backup, out, ignored);
        throw;
      }
    }
  }
  if (context.options.json) return;
  for (const ConvertedMigration& m : conversion.migrations) {
    output.line(fmt::format("{} -> {}{}", m.from_tag, m.to_tag, m.custom ? " (custom)" : ""));
  }
  std::string verb = flags.dry_run ? "would convert" : "converted";
  output.line(output.green(
      fmt::format("{} {} migration{} to the {} layout", verb, conversion.migrations.size(),
                  conversion.migrations.size() == 1 ? "" : "s", to_string(to))));
  if (!database.empty()) {
    output.line(fmt::format("{} {} tracking row{} in {}",
                            flags.dry_run ? "would rewrite" : "rewrote", carry.rows.size(),
                            carry.rows.size() == 1 ? "" : "s", database));
  }
  if (!flags.dry_run) output.line(fmt::format("the old folder is kept at {}", backup.string()));
}

}  // namespace

void register_convert(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "convert",
      "Rewrite the migration folder in drizzle-kit's other layout (--to v3: 1.0's folder per "
      "migration; --to journal: 0.x's) and carry the database's tracking rows over");
  auto flags = std::make_shared<ConvertFlags>();
  command->add_option("--to", flags->to, "The layout to write: v3 or journal")->required();
  command->add_option("--out", flags->out, "Migration folder (default: the target's `out`)");
  command->add_option("--backup", flags->backup,
                      "Where the old folder goes (default: <out>.journal-backup or .v3-backup)");
  command->add_flag("--offline", flags->offline,
                    "Leave the configured database alone: convert the folder only");
  command->add_flag("--dry-run", flags->dry_run, "Say what would be converted; write nothing");
  command->callback([&context, flags] { run_convert(context, *flags); });
}

}  // namespace sleet::cli
