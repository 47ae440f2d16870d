// sleet rollback: undo the last applied migrations of one target with their down scripts.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/confirm.h"
#include "cli/drift.h"
#include "cli/rename_prompt.h"
#include "cli/target_runner.h"
#include "cli/tenant_targets.h"
#include "cli/undo.h"
#include "sleet/dropped_data.h"
#include "sleet/error.h"
#include "sleet/rollback.h"
#include "sleet/sql.h"

namespace sleet::cli {

namespace {

struct RollbackFlags {
  std::string out;
  int steps = 1;
  std::string to;
  bool dry_run = false;
  bool yes = false;
  bool force = false;
  std::string tenant;  // --tenant: the one tenant of a tenant target to roll back
};

// A statement of a down script that drops data, with the rows it holds now.
struct LosingStatement {
  std::string tag;
  std::string what;  // "table public.users" / "column public.users.email"
  std::optional<std::int64_t>
      rows;  // nullopt: the table does not exist yet (an earlier step creates it)
};

std::vector<LosingStatement> data_lost_by(db::Connection& connection,
                                          const std::vector<RollbackStep>& steps) {
  std::vector<LosingStatement> losing;
  for (const RollbackStep& step : steps) {
    for (const MigrationChunk& chunk : step.chunks) {
      for (const sql::DroppedData& dropped : sql::dropped_data(chunk.text)) {
        std::string table = dropped.schema.empty() ? sql::quote_identifier(dropped.table)
                                                   : sql::quote_identifier(dropped.schema) + "." +
                                                         sql::quote_identifier(dropped.table);
        LosingStatement item{step.tag, "", std::nullopt};
        item.what = dropped.column.empty()
                        ? "table " + table
                        : "column " + table + "." + sql::quote_identifier(dropped.column);
        if (connection.query("select to_regclass($1) is not null", table).value(0, 0) == "t") {
          std::string query = "select count(*) from " + table;
          if (!dropped.column.empty()) {
            query += " where " + sql::quote_identifier(dropped.column) + " is not null";
          }
          try {
            item.rows = std::stoll(std::string(connection.execute(query).value(0, 0)));
          } catch (const db::DatabaseError&) {
            // The column is already gone (an earlier step drops it): nothing left to count.
          }
        }
        losing.push_back(std::move(item));
      }
    }
  }
  return losing;
}

std::string rows_text(const LosingStatement& item) {
  if (!item.rows) return "created by an earlier step of this rollback";
  return fmt::format("{} row{}{}", *item.rows, *item.rows == 1 ? "" : "s",
                     item.what.starts_with("column") ? " holding a value" : "");
}

void refuse_drift(db::Connection& connection, const MigrationFolder& folder,
                  const RollbackStep& newest, const Target* target,
                  const std::string& tenant_schema, const Output& output) {
  std::error_code error;
  if (!std::filesystem::exists(newest.snapshot, error)) {
    output.warning(fmt::format("{} has no snapshot ({}): the database's state was not checked",
                               newest.tag, newest.snapshot.string()));
    return;
  }
  DriftCheck drift =
      compare_snapshot_with_database(connection, folder, newest.snapshot, target, tenant_schema);
  if (!drift.found()) return;
  std::string list;
  for (const PlannedStatement& statement : drift.plan.statements) {
    list += "\n  " + describe(statement);
  }
  throw Error(ErrorKind::Failure,
              fmt::format("the database differs from the state {} left (its snapshot {}), so its "
                          "down script may not undo what is there:{}",
                          newest.tag, newest.snapshot.filename().string(), list),
              connection.settings().describe(),
              "find out who changed the schema outside migrations (sleet status shows the drift); "
              "--force rolls back anyway");
}

void run_rollback(Context& context, const RollbackFlags& flags, bool steps_given) {
  Output output(context.options);
  Project project(context.options);
  std::vector<std::optional<Target>> targets = project.targets_or_none();
  if (targets.size() != 1) {
    throw Error(ErrorKind::Usage, "rollback undoes migrations of one target at a time", "--all",
                "name the target with --target NAME");
  }
  if (steps_given && !flags.to.empty()) {
    throw Error(ErrorKind::Usage, "--steps and --to both say how far to roll back", "--to",
                "give one of them");
  }
  const Target* target = targets.front() ? &*targets.front() : nullptr;
  if (!flags.tenant.empty() && !(target && target->has_tenants())) {
    throw Error(ErrorKind::Usage,
                fmt::format("--tenant {}: target {} has no tenants", flags.tenant,
                            target ? target->name : "default"),
                "--tenant", "leave --tenant out, or set `tenants` on the target (docs/tenants.md)");
  }
  MigrateOptions options = tracking_options(target);
  std::filesystem::path out = migration_folder_path(target, flags.out);
  MigrationFolder folder = MigrationFolder::open(out);
  db::ResolvedConnection resolved =
      project.connection(target, [&](const std::string& line) { output.info(line); });
  // A tenant target: one tenant, its schema (tracking table, lock, search_path) or database.
  std::string tenant_schema;
  if (target && target->has_tenants()) {
    if (flags.tenant.empty()) {
      throw Error(ErrorKind::Usage,
                  fmt::format("target {} has tenants: rollback undoes one tenant's migrations "
                              "at a time",
                              target->name),
                  "--tenant",
                  "name the tenant: sleet rollback --tenant NAME (sleet status lists them)");
    }
    db::Connection control(resolved.settings);
    std::vector<TenantDatabase> chosen =
        target_tenants(control, *target, resolved.settings, {flags.tenant});
    if (chosen.size() != 1) {
      std::vector<std::string> names;
      for (const TenantDatabase& tenant : chosen) names.push_back(tenant.tenant);
      throw Error(ErrorKind::Usage,
                  fmt::format("--tenant {} matches {} tenants ({}): rollback undoes one",
                              flags.tenant, chosen.size(), fmt::join(names, ", ")),
                  "--tenant", "name exactly one tenant");
    }
    if (target->tenant_databases) {
      resolved.settings = chosen.front().settings;
    } else {
      tenant_schema = chosen.front().tenant;
      options = tenant_migrate_options(options, tenant_schema);
    }
  }
  db::Connection connection(resolved.settings);
  // The down scripts of a tenant schema are written without a schema name, as its migrations.
  if (!tenant_schema.empty()) {
    connection.execute("SET search_path TO " + sql::quote_identifier(tenant_schema));
  }
  std::vector<RollbackStep> steps =
      plan_rollback(connection, folder, RollbackOptions{flags.steps, flags.to}, options);
  if (!flags.force) refuse_drift(connection, folder, steps.front(), target, tenant_schema, output);
  std::vector<LosingStatement> losing = data_lost_by(connection, steps);

  output.line(fmt::format("Roll back {} migration{} of {}{}, newest first:", steps.size(),
                          steps.size() == 1 ? "" : "s", resolved.settings.describe(),
                          tenant_schema.empty() ? "" : ", tenant schema " + tenant_schema));
  for (const RollbackStep& step : steps) {
    output.line(fmt::format("-- {} ({})", step.tag, step.down_file.string()));
    output.line(step.down_text);
  }
  if (!losing.empty()) {
    std::string text =
        fmt::format("{} statement{} drop data:", losing.size(), losing.size() == 1 ? "" : "s");
    for (const LosingStatement& item : losing) {
      text += fmt::format("\n  {}: {} ({})", item.tag, item.what, rows_text(item));
    }
    output.warning(text);
  }
  if (flags.dry_run) {
    output.line("dry run: nothing rolled back");
    return;
  }
  bool terminal = can_prompt() && !context.options.json;
  if (!losing.empty() && !flags.force && !terminal) {
    throw Error(ErrorKind::Usage, "the down scripts drop data and nobody can be asked",
                resolved.settings.describe(),
                "review the statements above, then pass --yes --force to roll back anyway");
  }
  if (!flags.yes) {
    if (!terminal) {
      throw Error(ErrorKind::Usage, "rollback asks before it changes the database",
                  resolved.settings.describe(),
                  "review the plan (--dry-run), then pass --yes to roll back without a question");
    }
    if (!ask_yes_no(
            fmt::format("Roll back {} migration{}?", steps.size(), steps.size() == 1 ? "" : "s"))) {
      throw Error(ErrorKind::Failure, "aborted, nothing rolled back");
    }
  }
  nlohmann::ordered_json done = nlohmann::ordered_json::array();
  rollback(connection, steps, options, [&](const RolledBack& step) {
    done.push_back({{"tag", step.tag}, {"duration_ms", step.duration_ms}});
    output.line(fmt::format("  {} {} ({:.0f} ms)", output.green("rolled back"), step.tag,
                            step.duration_ms));
  });
  if (context.options.json) {
    nlohmann::ordered_json entry = {{"target", target ? target->name : ""}, {"rolled_back", done}};
    if (!flags.tenant.empty())
      entry["tenant"] = tenant_schema.empty() ? resolved.settings.database : tenant_schema;
    json_document().add(entry);
  }
}

}  // namespace

void register_rollback(CLI::App& app, Context& context) {
  auto* command =
      app.add_subcommand("rollback", "Undo the last applied migrations with their down scripts");
  auto flags = std::make_shared<RollbackFlags>();
  command->add_option("--out", flags->out, "Migration folder (default: the target's `out`)");
  auto* steps = command->add_option(
      "--steps", flags->steps, "How many applied migrations to undo, newest first (default 1)");
  command->add_option("--to", flags->to,
                      "Undo every applied migration after this tag (it stays applied)");
  command->add_flag("--dry-run", flags->dry_run, "Show the down scripts and row counts only");
  command->add_flag("--yes", flags->yes, "Do not ask (needed without a terminal)");
  command->add_flag("--force", flags->force,
                    "Roll back although the down scripts drop data or the database drifted");
  command->add_option("--tenant", flags->tenant,
                      "On a target with tenants: the one tenant to roll back (a name or glob)");
  command->callback(
      [&context, flags, steps] { run_rollback(context, *flags, steps->count() > 0); });
}

}  // namespace sleet::cli
