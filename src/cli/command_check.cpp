// sleet check: is the migration folder consistent? No database needed.
#include <fmt/format.h>

#include <algorithm>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/drift.h"
#include "cli/progress_line.h"
#include "cli/target_runner.h"
#include "cli/undo.h"
#include "sleet/dev_database.h"
#include "sleet/folder_check.h"
#include "sleet/generate.h"
#include "sleet/journal.h"
#include "sleet/migrate.h"
#include "sleet/rename_resolvers.h"

namespace sleet::cli {

namespace {

// Changes in the target's schema files that no migration holds: the latest snapshot
// against the parsed files. Renames count as drift like anything else, so no question is
// asked. Empty when the files match the folder.
std::vector<FolderProblem> find_schema_drift(const Target& target,
                                             const std::filesystem::path& out) {
  GenerateOptions options;
  options.out = out;
  options.schema_files = expand_schema_globs(target);
  options.typescript = typescript_options(&target);
  options.prefix = target.prefix;
  options.breakpoints = target.breakpoints;
  options.name = "drift_check";
  NoRenames resolver;
  PreparedMigration prepared = prepare_migration(options, resolver);
  if (prepared.no_changes()) return {};
  std::string sample;
  for (size_t i = 0; i < prepared.plan.statements.size() && i < 3; ++i) {
    const std::string& sql = prepared.plan.statements[i].sql;
    sample += "\n    " + sql.substr(0, sql.find('\n'));
  }
  if (prepared.plan.statements.size() > 3) sample += "\n    ...";
  return {FolderProblem{
      target.config_file.string(),
      fmt::format("the schema files differ from the latest migration ({} statement(s) not "
                  "generated):{}\n  run `sleet generate` and commit the migration",
                  prepared.plan.statements.size(), sample),
      false}};
}

// The folder applied to a scratch database on the development database's server (started
// when stopped; dropped again at the end), compared with the folder's latest snapshot: where
// drizzle-kit wrote a snapshot that disagrees with its own migrations, says so, attributed.
std::vector<FolderProblem> replay_folder(Project& project, const Target* target,
                                         const std::filesystem::path& out, const Output& output) {
  MigrationFolder folder = MigrationFolder::open(out);
  std::optional<std::filesystem::path> snapshot = folder.latest_snapshot();
  if (folder.migrations().empty() || !snapshot) return {};
  DevDatabase dev(project.project_directory());
  if (dev.start()) output.note("started the development database for --replay");
  db::ConnectionSettings settings =
      dev.settings(fmt::format("sleet_replay_{}", random_uuid().substr(0, 8)));
  db::create_database_if_missing(settings);
  std::vector<FolderProblem> problems;
  try {
    db::Connection connection(settings);
    MigrateOptions options;
    if (target) {
      options.migrations_schema = target->migrations_schema;
      options.migrations_table = target->migrations_table;
    }
    auto start = std::chrono::steady_clock::now();
    // Which migration the replay is at: a live line on a terminal, a line each off one.
    ProgressLine line(output.error_stream(), output.progress_mode());
    ProgressCallback progress = [&](const MigrateProgress& event) {
      if (event.kind != MigrateProgress::Kind::Started || event.tag.empty()) return;
      const auto& migrations = folder.migrations();
      auto at = std::find_if(migrations.begin(), migrations.end(),
                             [&](const Migration& m) { return m.entry.tag == event.tag; });
      line.show_with_clock(fmt::format("replaying {} ({}/{}) into a scratch database", event.tag,
                                       at - migrations.begin() + 1, migrations.size()));
    };
    try {
      migrate(connection, folder, options, progress);
      line.show_with_clock("comparing what the migrations built with the latest snapshot");
    } catch (const Error& e) {
      line.clear();
      // Reported as the folder's problem: a folder that only applies to a database prepared
      // by hand cannot build a new one.
      problems.push_back({e.where().empty() ? out.string() : e.where(),
                          fmt::format("the migrations do not apply to an empty database "
                                      "(replayed into a scratch database): {}",
                                      e.what())});
      db::drop_database(settings, true);
      return problems;
    }
    DriftCheck built = compare_snapshot_with_database(connection, folder, *snapshot, target);
    line.clear();
    output.note(fmt::format("replayed {} migration(s) into a scratch database in {:.0f} ms",
                            folder.migrations().size(), milliseconds_since(start)));
    if (built.found()) {
      std::string statements;
      for (const PlannedStatement& statement : built.plan.statements) {
        statements += "\n    " + statement.sql;
      }
      problems.push_back(
          {snapshot->string(),
           fmt::format("the folder's latest snapshot disagrees with what its migrations build "
                       "(replayed into a scratch database); from what the snapshot says to what "
                       "the migrations build:{}\n  the next generate diffs against the "
                       "snapshot, so it would miss or repeat these; fix the migrations, or "
                       "generate a migration that brings the database to the schema files",
                       statements)});
    }
  } catch (...) {
    db::drop_database(settings, true);
    throw;
  }
  db::drop_database(settings, true);
  return problems;
}

void run_check(Context& context, const std::string& out_flag, bool replay) {
  Output output(context.options);
  Project project(context.options);
  std::vector<std::optional<Target>> targets = project.targets_or_none();
  std::size_t failing = 0;
  for (const auto& target : targets) {
    const Target* t = target ? &*target : nullptr;
    std::filesystem::path out = migration_folder_path(t, out_flag);
    auto start = std::chrono::steady_clock::now();
    std::vector<FolderProblem> problems = check_migration_folder(out);
    output.note(
        fmt::format("checked folder {} in {:.0f} ms", out.string(), milliseconds_since(start)));
    std::optional<std::vector<FolderProblem>> drift;
    bool folder_ok = std::none_of(problems.begin(), problems.end(),
                                  [](const FolderProblem& p) { return !p.warning; });
    if (t && !t->schema.empty() && folder_ok) {
      start = std::chrono::steady_clock::now();
      drift = find_schema_drift(*t, out);
      output.note(fmt::format("compared the schema files with the folder in {:.0f} ms",
                              milliseconds_since(start)));
    }
    if (drift) problems.insert(problems.end(), drift->begin(), drift->end());
    if (replay && folder_ok) {
      std::vector<FolderProblem> built = replay_folder(project, t, out, output);
      problems.insert(problems.end(), built.begin(), built.end());
    }

    std::size_t errors = 0;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    std::string label = t && targets.size() > 1 ? t->name + ": " : "";
    for (const auto& problem : problems) {
      if (!problem.warning) ++errors;
      list.push_back({{"where", problem.where},
                      {"message", problem.message},
                      {"severity", problem.warning ? "warning" : "error"}});
      if (context.options.json) continue;
      std::string text = label + problem.where + ": " + problem.message;
      if (problem.warning) {
        output.warning(text);
      } else {
        output.error(text);
      }
    }
    if (errors > 0) ++failing;
    if (context.options.json) {
      json_document().add({{"target", t ? t->name : ""},
                           {"folder", out.string()},
                           {"ok", errors == 0},
                           {"problems", list},
                           {"schema_drift", drift ? "checked" : "not checked"}});
    } else {
      if (errors == 0) output.line(output.green(fmt::format("{}{}: ok", label, out.string())));
      if (!drift) {
        output.note(label +
                    "schema files were not compared with the migrations (no `schema` in "
                    "sleet.toml, the folder has errors to fix first, or it is a drizzle-kit "
                    "1.0 folder, whose snapshots sleet does not read yet)");
      }
    }
  }
  if (failing > 0) {
    throw Error(ErrorKind::Failure,
                targets.size() == 1
                    ? "the migration folder has problems"
                    : fmt::format("{} of {} targets have problems", failing, targets.size()),
                "", "fix the problems listed above");
  }
}

}  // namespace

void register_check(CLI::App& app, Context& context) {
  auto* command =
      app.add_subcommand("check",
                         "Check the migration folder: journal, files, timestamps, snapshot chain "
                         "(no database; exit 1 on problems)");
  auto out = std::make_shared<std::string>();
  command->add_option("--out", *out, "Migration folder (default: the target's `out`)");
  auto replay = std::make_shared<bool>(false);
  command->add_flag("--replay", *replay,
                    "Also apply the folder to a scratch database on the development database's "
                    "server and compare the result with the latest snapshot");
  auto verify = std::make_shared<bool>(false);
  command->add_flag("--verify", *verify,
                    "Then run `sleet verify`: every migration from empty, each down script down "
                    "and up again, on a throwaway database");
  auto scratch_url = std::make_shared<std::string>();
  command->add_option("--scratch-url", *scratch_url,
                      "With --verify: a server where it may create and drop a temporary "
                      "database (default: the development database's server)");
  command->callback([&context, out, replay, verify, scratch_url] {
    run_check(context, *out, *replay);
    if (*verify) run_verify(context, VerifyFlags{*out, *scratch_url});
  });
}

}  // namespace sleet::cli
