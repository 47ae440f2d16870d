// sleet push: make each selected target's database match its schema files directly (no
// migration), showing the plan and its hazards first and asking before anything that may
// lose data. See docs/commands/push.md.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/cli.h"
#include "cli/confirm.h"
#include "cli/rename_answers.h"
#include "cli/target_runner.h"
#include "sleet/error.h"
#include "sleet/lint.h"
#include "sleet/push.h"
#include "sleet/sources.h"

namespace sleet::cli {

namespace {

struct PushFlags {
  std::vector<std::string> schema;  // --schema globs (instead of the config's)
  std::vector<std::string> renames;
  bool force = false;
  bool strict = false;
  bool dry_run = false;
  double lock_timeout = 0;
  double statement_timeout = 0;
};

// Where the declared schema comes from: --schema, else the target's `schema` setting.
std::vector<std::filesystem::path> schema_files(const Target* target, const PushFlags& flags) {
  if (!flags.schema.empty()) {
    return expand_globs(flags.schema, "--schema", "--schema", std::filesystem::current_path());
  }
  if (!target) {
    throw Error(ErrorKind::Usage, "push needs the schema files, and there is no sleet.toml", "",
                "pass --schema 'schema/*.sql', or run `sleet init`");
  }
  return expand_schema_globs(*target);
}

JsonResults& json_results = json_document();

// The plan's JSON form, each statement with the rows it touches when they were counted.
nlohmann::ordered_json plan_json(const Plan& plan, const std::vector<AffectedRows>& counts) {
  nlohmann::ordered_json statements = to_json(plan);
  for (const auto& count : counts) {
    statements[count.statement]["affected_rows"] = {{"rows", count.rows},
                                                    {"meaning", count.meaning}};
  }
  return statements;
}

// sleet lint's warnings and errors on the plan, each named by its statement: push applies it
// to a live database, where a lock finding is what the table's users feel. The database's
// row estimates make a lock on a small table info (not shown), as `sleet lint --url` does.
void warn_about_locks(const PushPlan& push, Project& project, const Output& output,
                      db::Connection& connection) {
  LintOptions options = lint_options(project);
  try {
    options.catalog = read_lint_catalog(connection);
  } catch (const db::DatabaseError& e) {
    output.note(fmt::format("lint without table sizes: {}", e.what()));
  }
  for (const auto& [index, finding] : lint_plan(push.plan, push.comparison.database, options)) {
    output.warning(fmt::format("statement {} ({}): {} {}: {}\n  hint: {}", index + 1,
                               describe(push.plan.statements[index]), to_string(finding.level),
                               finding.rule, finding.message, finding.hint));
  }
}

std::string push_target(Context& context, Project& project, const Target* target,
                        const PushFlags& flags, Output& output) {
  const bool json = context.options.json;
  // With --json, stdout carries only the JSON document.
  auto say = [&](const std::string& text) { json ? output.info(text) : output.line(text); };

  // The schema files are parsed while the database is connected to and read: neither needs
  // the other (no-change push of 1,000 tables from one file: 1.55 s -> 1.26 s, docs/benchmarks.md).
  std::future<Schema> declaring =
      std::async(std::launch::async,
                 [files = schema_files(target, flags), typescript = typescript_options(target)] {
                   return parse_schema_files(files, typescript);
                 });
  std::optional<db::ResolvedConnection> resolved;
  std::optional<db::Connection> connection;
  try {
    resolved = project.connection(target, [&](const std::string& line) { output.info(line); });
    connection.emplace(resolved->settings);
  } catch (...) {
    declaring.get();  // a schema file's error comes first
    throw;
  }
  Target defaults;
  const Target& settings = target ? *target : defaults;
  Schema declared;
  InspectOptions inspect;
  DatabaseComparison comparison =
      compare_while_declaring(*connection, settings, std::move(declaring), declared, inspect);

  RenameAnswers answers(rename_rules(flags.renames, target), can_prompt() && !json);
  PushPlan push = plan_push(std::move(comparison), answers.resolver());
  answers.throw_if_unanswered();
  throw_if_unused_flag(answers.unused_rules(), "sleet push --dry-run shows the changes");
  for (const std::string& message : push.comparison.unmatched_filters) {
    output.warning(message + "; check sleet.toml");
  }
  if (!push.comparison.server_normalization_failed.empty()) {
    output.warning("compared with the offline rules only (" +
                   push.comparison.server_normalization_failed +
                   "); an expression the server stores differently may show as a change");
  }
  if (push.comparison.server_normalized) {
    output.note(
        "the server normalised the declared expressions (the offline rules were not "
        "enough)");
  }
  const Plan& plan = push.plan;
  const std::string where = resolved->settings.describe();
  auto record = [&](const std::string& status, const std::vector<AffectedRows>& counts) {
    if (!json) return;
    json_results.add({{"target", target ? target->name : ""},
                      {"connection", where},
                      {"status", status},
                      {"statements", plan_json(plan, counts)}});
  };
  if (plan.empty()) {
    say(fmt::format("No changes: {} matches the schema files", where));
    record("no_changes", {});
    return "no changes";
  }

  PushOptions options;
  if (target && target->lock_timeout) options.lock_timeout = target->lock_timeout;
  if (target && target->statement_timeout) options.statement_timeout = target->statement_timeout;
  if (flags.lock_timeout > 0) options.lock_timeout = flags.lock_timeout;
  if (flags.statement_timeout > 0) options.statement_timeout = flags.statement_timeout;

  // Counting needs the statements before each count to have run: a rehearsal in a
  // transaction that is rolled back. It also finds a statement that would fail on the data.
  bool needs_counts = false;
  for (const auto& statement : plan.statements) needs_counts |= !statement.rows_query.empty();
  std::vector<AffectedRows> counts;
  if (needs_counts) counts = rehearse_push(*connection, plan, options);
  auto count_of = [&](std::size_t index) -> std::string {
    for (const auto& count : counts) {
      if (count.statement == index) return " (" + describe(count) + ")";
    }
    return "";
  };

  PushSchedule schedule = schedule_push(plan);
  say(fmt::format("{} statement{} to make {} match the schema files:", plan.statements.size(),
                  plan.statements.size() == 1 ? "" : "s", where));
  std::vector<std::size_t> losing;
  for (std::size_t i = 0; i < plan.statements.size(); ++i) {
    const auto& statement = plan.statements[i];
    // A data-loss statement whose count is 0 (an empty table, a column holding only NULLs)
    // loses nothing: no question for it.
    bool counted_nothing = false;
    for (const auto& count : counts) counted_nothing |= count.statement == i && count.rows == 0;
    bool loses = (statement.hazards & kDataLoss) && !counted_nothing;
    if (loses) losing.push_back(i);
    if (output.verbose() || flags.dry_run) {
      say(fmt::format("  [{}] {}{}", i + 1, statement.sql, count_of(i)));
    } else {
      say(fmt::format("  {} {}{}", loses ? "!" : "-", describe(statement), count_of(i)));
    }
  }
  if (!schedule.before.empty()) {
    say(
        fmt::format("  {} enum value{} committed before the transaction (later statements use "
                    "them)",
                    schedule.before.size(), schedule.before.size() == 1 ? " is" : "s are"));
  }
  if (!schedule.after.empty()) {
    say(fmt::format("  {} statement{} after the transaction (cannot run inside one)",
                    schedule.after.size(), schedule.after.size() == 1 ? " runs" : "s run"));
  }
  if (!losing.empty()) {
    std::string text =
        fmt::format("{} statement{} may lose data:", losing.size(), losing.size() == 1 ? "" : "s");
    for (std::size_t i : losing) {
      text += fmt::format("\n  {}{}", plan.statements[i].sql, count_of(i));
      if (!plan.statements[i].explanation.empty()) {
        text += "\n    " + plan.statements[i].explanation;
      }
    }
    output.warning(text);
  }
  warn_about_locks(push, project, output, *connection);
  if (flags.dry_run) {
    say("dry run: nothing applied");
    record("dry_run", counts);
    return fmt::format("{} statements (dry run)", plan.statements.size());
  }

  const bool ask = flags.strict || !losing.empty();
  if (ask && !flags.force) {
    std::string reason = losing.empty() ? "--strict asks before any change"
                                        : fmt::format("{} statement{} may lose data", losing.size(),
                                                      losing.size() == 1 ? "" : "s");
    if (!can_prompt() || json) {
      record("refused", counts);
      throw Error(ErrorKind::Failure,
                  fmt::format("push needs confirmation ({}), and there is no terminal to ask: "
                              "nothing was applied",
                              reason),
                  where, "review the statements above, then pass --force to apply them");
    }
    if (!ask_yes_no(fmt::format("Apply {} statement{} to {} ({})?", plan.statements.size(),
                                plan.statements.size() == 1 ? "" : "s", where, reason))) {
      throw Error(ErrorKind::Failure, "aborted, nothing was applied");
    }
  }

  auto started = std::chrono::steady_clock::now();
  if (output.verbose()) {
    options.on_statement = [&](std::size_t index) {
      output.note(fmt::format("running [{}] {}", index + 1, describe(plan.statements[index])));
    };
  }
  apply_push(*connection, plan, options);
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  say(output.green(fmt::format("applied {} statement{} in {:.0f} ms", plan.statements.size(),
                               plan.statements.size() == 1 ? "" : "s", ms)));
  record("applied", counts);
  return fmt::format("{} statements applied", plan.statements.size());
}

void run_push(Context& context, const PushFlags& flags) {
  Project project(context.options);
  GlobalOptions options = context.options;
  // Questions from several targets at once would interleave.
  if (can_prompt() && !flags.force) options.jobs = 1;
  run_for_project(project, options, json_results, [&](const Target* target, Output& output) {
    return push_target(context, project, target, flags, output);
  });
}

}  // namespace

std::string push_target_default(Context& context, Project& project, const Target& target,
                                Output& output) {
  PushFlags flags;
  flags.force = true;  // the caller has confirmed
  return push_target(context, project, &target, flags, output);
}

void register_push(CLI::App& app, Context& context) {
  auto* command =
      app.add_subcommand("push",
                         "Make the database match the schema files directly, without a migration "
                         "(development); asks before anything that may lose data");
  auto flags = std::make_shared<PushFlags>();
  command->add_option("--schema", flags->schema,
                      "Schema files or globs (default: the config's `schema`)");
  command->add_flag("--force", flags->force,
                    "Apply statements that may lose data without asking (required without a "
                    "terminal)");
  command->add_flag("--strict", flags->strict, "Ask before applying any change");
  command->add_flag("--dry-run", flags->dry_run,
                    "Print the statements (and the rows they touch); apply nothing");
  command
      ->add_option("--rename", flags->renames,
                   "Answer a rename question: table:s.old=s.new, column:s.t.old=new, "
                   "create:column:s.t.name, ... (see docs/generate.md)")
      ->take_all();
  command->add_option("--lock-timeout", flags->lock_timeout,
                      "Seconds to wait for a lock before failing");
  command->add_option("--statement-timeout", flags->statement_timeout,
                      "Seconds any one statement may run");
  command->callback([&context, flags] { run_push(context, *flags); });
}

}  // namespace sleet::cli
