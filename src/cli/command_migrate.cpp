// sleet migrate: apply pending migrations to each selected target's database.
#include <fmt/format.h>

#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"
#include "cli/progress_line.h"
#include "cli/target_runner.h"
#include "cli/tenant_targets.h"
#include "cli/undo.h"
#include "sleet/folder_check.h"
#include "sleet/migrate.h"

namespace sleet::cli {

namespace {

struct MigrateFlags {
  std::string out;
  std::string to;
  bool dry_run = false;
  bool single_transaction = false;
  bool allow_out_of_order = false;
  bool allow_edited = false;
  std::string lock_mode = "session";
  double lock_timeout = 0;
  double statement_timeout = 0;
  int lock_retries = -1;
  double wait = 0;
  bool create_database = false;
  std::string backup;        // dump the database here first when anything is pending
  std::string mark_applied;  // record this tag as applied, run nothing
  bool yes = false;
  TenantFlags tenant;  // --tenant, --canary: a target with `tenants` only
};

// The options every target shares, plus what its config says.
MigrateOptions options_for(const Target* target, const MigrateFlags& flags) {
  MigrateOptions options = tracking_options(target);
  if (target) {
    options.extensions = target->extensions;
    for (const auto& schema : target->schema_filter) {
      if (schema != "public") options.schemas.push_back(schema);
    }
  }
  options.to_tag = flags.to;
  options.dry_run = flags.dry_run;
  options.single_transaction = flags.single_transaction;
  options.allow_out_of_order = flags.allow_out_of_order;
  options.allow_edited = flags.allow_edited;
  if (flags.lock_mode == "transaction") {
    options.lock_mode = LockMode::Transaction;
  } else if (flags.lock_mode != "session") {
    throw Error(ErrorKind::Usage, fmt::format("unknown --lock-mode '{}'", flags.lock_mode), "",
                "use 'session' (default) or 'transaction' (behind PgBouncer transaction pooling)");
  }
  auto to_ms = [](double seconds) {
    return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
  };
  // A flag wins over the config.
  if (target && target->lock_timeout) options.lock_timeout = to_ms(*target->lock_timeout);
  if (target && target->statement_timeout) {
    options.statement_timeout = to_ms(*target->statement_timeout);
  }
  if (flags.lock_timeout > 0) options.lock_timeout = to_ms(flags.lock_timeout);
  if (flags.statement_timeout > 0) options.statement_timeout = to_ms(flags.statement_timeout);
  if (target && target->lock_retries) options.lock_retries = *target->lock_retries;
  if (flags.lock_retries >= 0) options.lock_retries = flags.lock_retries;
  return options;
}

void print_report(const Output& output, const std::string& label, const MigrationReport& report) {
  for (const auto& warning : report.warnings) output.warning(label + warning);
  if (report.dry_run) {
    for (const auto& m : report.applied) {
      output.line(fmt::format("  would apply {}{}", m.tag,
                              m.transactional ? "" : " (outside a transaction)"));
    }
  }
  std::string verb = report.dry_run ? "would apply" : "applied";
  if (report.applied.empty()) {
    output.line(fmt::format("{}nothing to apply ({} migration{} already applied)", label,
                            report.already_applied, report.already_applied == 1 ? "" : "s"));
  } else {
    output.line(output.green(fmt::format(
        "{}{} {} migration{} in {:.0f} ms ({} already applied)", label, verb, report.applied.size(),
        report.applied.size() == 1 ? "" : "s", report.duration_ms, report.already_applied)));
  }
  if (!report.not_applied.empty()) {
    output.line(fmt::format("{}{} pending migration{} after --to left for later", label,
                            report.not_applied.size(), report.not_applied.size() == 1 ? "" : "s"));
  }
}

// A statement as one short line for -v: its first line that is not a comment, cut at 80
// characters; "..." when more follows.
std::string short_form(const std::string& sql) {
  std::istringstream lines(sql);
  std::string first;
  for (std::string line; std::getline(lines, line);) {
    auto start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos || line.compare(start, 2, "--") == 0) continue;
    first = line.substr(start, line.find_last_not_of(" \t\r") + 1 - start);
    break;
  }
  std::size_t end = sql.find(first) + first.size();
  std::size_t last = sql.find_last_not_of(" \t\r\n;");
  bool more = first.size() > 80 || (last != std::string::npos && last >= end);
  if (first.size() > 80) first.resize(80);
  return more ? first + "..." : first;
}

// What migrate() reports, shown as it happens: waiting for the server and each statement on
// the progress line (live on a terminal, a plain stderr line per event off one); applied
// migrations, lock waits and with -v each statement with its time on stdout (stderr with
// --json) between them.
class MigrateDisplay {
 public:
  MigrateDisplay(const Output& output, bool json)
      : output_(output), json_(json), line_(output.error_stream(), output.progress_mode()) {}
  void operator()(const MigrateProgress& event);
  // Erases the live line before other output.
  void clear() { line_.clear(); }

 private:
  void result(const std::string& text) {
    line_.clear();
    if (json_) {
      output_.info(text);
    } else {
      output_.line(text);
    }
  }

  const Output& output_;
  bool json_;
  ProgressLine line_;
};

void MigrateDisplay::operator()(const MigrateProgress& event) {
  using Kind = MigrateProgress::Kind;
  switch (event.kind) {
    case Kind::WaitingForServer:
      line_.show_waiting(event.message, event.wait_seconds);
      return;
    case Kind::ServerReady: {
      std::string text = fmt::format("{} accepts connections", event.message);
      line_.show(text, [text](double) { return text; });
      return;
    }
    case Kind::StatementStarted: {
      std::string text =
          fmt::format("applying {}: statement {}/{}", event.tag, event.statement, event.statements);
      line_.show_with_clock(text);
      return;
    }
    case Kind::StatementDone:
      if (output_.verbose()) {
        result(fmt::format("    statement {}/{} ({:.0f} ms): {}", event.statement, event.statements,
                           event.duration_ms, short_form(event.sql)));
      }
      return;
    case Kind::Started:
      if (output_.verbose()) result(event.message);
      return;
    case Kind::Warning:
      return;  // printed with the report
    case Kind::Retrying:
      line_.clear();
      output_.warning(event.message);
      return;
    case Kind::Applied:
      return result("  " + event.message);
    case Kind::WaitingForLock:
    case Kind::LockAcquired:
      return result(event.message);
  }
}

// Migrates one target (nullptr: no config, flags and environment only); returns the
// result line for --all.
JsonResults& json_results = json_document();

std::string migrate_target(Context& context, Project& project, const Target* target,
                           const MigrateFlags& flags, Output& output) {
  bool json = context.options.json;
  MigrateOptions options = options_for(target, flags);
  if (target && target->has_tenants()) {
    if (!flags.mark_applied.empty() || !flags.backup.empty() || !target->backup.empty()) {
      throw Error(
          ErrorKind::Usage,
          fmt::format("{} cannot be used on target {}, which has tenants",
                      flags.mark_applied.empty() ? "backup" : "--mark-applied", target->name),
          target->config_file.string(),
          "not yet supported per tenant (docs/tenants.md); use the tenant's own tools");
    }
    return migrate_tenant_target(context, project, *target, options, flags.tenant,
                                 DatabasePreparation{flags.wait, flags.create_database}, flags.out,
                                 json_results, output);
  }
  if (!flags.tenant.tenants.empty() || flags.tenant.canary > 0) {
    throw Error(ErrorKind::Usage,
                fmt::format("--tenant and --canary need a target with `tenants`{}",
                            target ? fmt::format("; target {} has none", target->name) : ""),
                target ? target->config_file.string() : "",
                "declare the tenant schemas in sleet.toml: tenants = [...] or tenants = \"select "
                "...\" (docs/tenants.md)");
  }
  MigrationFolder folder = MigrationFolder::open(migration_folder_path(target, flags.out));
  // Before connecting: `up` would create the database first.
  if (flags.mark_applied.empty()) refuse_unmerged_branches(folder);
  if (!flags.mark_applied.empty()) {
    return mark_applied(project, target, folder, options, flags.mark_applied, flags.yes, output);
  }
  db::ResolvedConnection resolved = project.connection(
      target, [&](const std::string& line) { output.info(line); }, ConnectionUse{flags.wait > 0});
  // With --json, stdout carries only the JSON document.
  MigrateDisplay display(output, json);
  ProgressCallback progress = [&](const MigrateProgress& event) { display(event); };
  DatabasePreparation preparation{flags.wait, flags.create_database};
  db::Connection connection = connect_for_migration(resolved.settings, preparation, progress);
  display.clear();
  std::filesystem::path backup = !flags.backup.empty() ? std::filesystem::absolute(flags.backup)
                                 : target              ? target->backup
                                                       : std::filesystem::path();
  if (!backup.empty() && !flags.dry_run) {
    backup_before_migrating(connection, folder, options, backup.string(), output, json);
  }
  MigrationReport report = migrate(connection, folder, options, progress);
  display.clear();
  if (!report.dry_run) {
    for (const auto& applied : report.applied) {
      const Migration* migration = folder.find(applied.tag);
      if (!migration) continue;
      if (auto warning = empty_migration_warning(migration->entry.tag, migration->text)) {
        output.warning(*warning);
      }
    }
  }
  if (json) {
    json_results.add({{"target", target ? target->name : ""},
                      {"connection", resolved.settings.describe()},
                      {"report", report.to_json()}});
  } else {
    print_report(output, "", report);
  }
  return fmt::format("{} applied, {} already applied", report.applied.size(),
                     report.already_applied);
}

void run_migrate(Context& context, const MigrateFlags& flags) {
  Project project(context.options);
  run_for_project(project, context.options, json_results,
                  [&](const Target* target, Output& output) {
                    return migrate_target(context, project, target, flags, output);
                  });
}

void add_migrate_flags(CLI::App* command, MigrateFlags& flags) {
  command->add_option("--out", flags.out, "Migration folder (default: the target's `out`)");
  command->add_option("--to", flags.to, "Stop after this migration tag");
  command->add_flag("--dry-run", flags.dry_run, "Show what would be applied; change nothing");
  command->add_flag("--single-transaction", flags.single_transaction,
                    "Apply all pending migrations in one transaction");
  command->add_flag("--allow-out-of-order", flags.allow_out_of_order,
                    "Apply pending migrations older than the newest applied one");
  command->add_flag("--allow-edited", flags.allow_edited,
                    "Proceed although an applied migration's file changed");
  command->add_option("--lock-mode", flags.lock_mode,
                      "session (default; works through PgBouncer in any pooling mode) or "
                      "transaction (the lock in one transaction for all; implies "
                      "--single-transaction)");
  command->add_option("--lock-timeout", flags.lock_timeout,
                      "Seconds to wait for a lock (also the migration lock) before failing; "
                      "without it, statements wait 5 s for a table's lock");
  command
      ->add_option("--lock-retries", flags.lock_retries,
                   "Times to run a migration again that gave up waiting for a lock "
                   "(default 3)")
      ->check(CLI::Range(0, 100));
  command->add_option("--statement-timeout", flags.statement_timeout,
                      "Seconds any one statement may run");
  command->add_option("--wait", flags.wait,
                      "Wait up to SECONDS for the server to accept connections");
  command->add_option("--backup", flags.backup,
                      "When anything is pending, first pg_dump the database into DIR");
  command->add_option("--tenant", flags.tenant.tenants,
                      "With a tenant target: only these tenants (names or globs; repeatable)");
  command->add_option("--canary", flags.tenant.canary,
                      "With a tenant target: migrate N tenants first and stop if any fails");
}

}  // namespace

std::string migrate_target_default(Context& context, Project& project, const Target* target,
                                   bool create_database, Output& output) {
  MigrateFlags flags;
  flags.create_database = create_database;
  return migrate_target(context, project, target, flags, output);
}

void register_migrate(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "migrate", "Apply pending migrations (advisory lock, one transaction per migration)");
  auto flags = std::make_shared<MigrateFlags>();
  add_migrate_flags(command, *flags);
  command->add_flag("--create-database", flags->create_database,
                    "Create the database when it does not exist");
  command->add_option("--mark-applied", flags->mark_applied,
                      "Record this migration as applied without running it (after fixing it by "
                      "hand); nothing else is applied");
  command->add_flag("--yes", flags->yes,
                    "Do not ask before --mark-applied (needed without a terminal)");
  command->callback([&context, flags] { run_migrate(context, *flags); });
}

void register_up(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "up",
      "Bring the database up to date: create it (and its schemas and extensions) when "
      "missing, then migrate. The deploy step: sleet up --wait 60");
  auto flags = std::make_shared<MigrateFlags>();
  add_migrate_flags(command, *flags);
  command->callback([&context, flags] {
    flags->create_database = true;
    run_migrate(context, *flags);
  });
}

}  // namespace sleet::cli
