// sleet verify: prove the migration folder on a throwaway database: every migration applies
// from empty, each down script returns exactly to the state before its migration and the
// migration applies again, and the result is what the schema files declare.
#include <fmt/format.h>

#include <chrono>
#include <memory>

#include "cli/cli.h"
#include "cli/drift.h"
#include "cli/progress_line.h"
#include "cli/scratch_database.h"
#include "cli/undo.h"
#include "sleet/dev_database.h"
#include "sleet/down_scripts.h"
#include "sleet/files.h"
#include "sleet/generate.h"
#include "sleet/inspect.h"
#include "sleet/rollback.h"
#include "sleet/sql.h"

namespace sleet::cli {

namespace {

namespace fs = std::filesystem;

struct Failure {
  std::string migration;
  std::string what;
};

std::string first_difference(const Schema& expected, const Schema& actual) {
  NoRenames none;
  std::vector<Change> changes = diff_schemas(expected, actual, none);
  if (changes.empty()) return "";
  const Change& change = changes.front();
  return fmt::format("{} {}{}{}", to_string(change.kind), change.object.display(),
                     change.name.empty() ? "" : " ", change.name);
}

bool has_statements(const fs::path& down) {
  std::error_code error;
  if (!fs::exists(down, error)) return false;
  return !sql::split_statements(read_text_file(down), down.string()).empty();
}

// Runs the folder on `connection`'s empty database; the failures found.
std::vector<Failure> verify_on(db::Connection& connection, const MigrationFolder& folder,
                               const InspectOptions& inspect, std::size_t* downs,
                               ProgressLine& progress) {
  std::vector<Failure> failures;
  Schema before = inspect_database(connection, inspect);
  std::size_t number = 0;
  for (const Migration& migration : folder.migrations()) {
    const std::string& tag = migration.entry.tag;
    std::string text =
        fmt::format("verifying {} ({}/{})", tag, ++number, folder.migrations().size());
    progress.show_with_clock(text);
    MigrateOptions up;
    up.to_tag = tag;
    up.allow_out_of_order = true;
    try {
      migrate(connection, folder, up);
    } catch (const Error& e) {
      failures.push_back({tag, fmt::format("does not apply: {} ({})", e.what(), e.where())});
      return failures;  // later migrations build on it
    }
    Schema after = inspect_database(connection, inspect);
    if (has_statements(down_script_file(migration.file))) {
      ++*downs;
      try {
        rollback(connection, plan_rollback(connection, folder, RollbackOptions{1, ""}));
      } catch (const Error& e) {
        failures.push_back(
            {tag, fmt::format("its down script fails: {} ({})", e.what(), e.where())});
        return failures;
      }
      std::string down = first_difference(before, inspect_database(connection, inspect));
      if (!down.empty()) {
        failures.push_back({tag,
                            "its down script does not return to the state before it; the "
                            "first difference, from before to after the down: " +
                                down});
      }
      try {
        migrate(connection, folder, up);
      } catch (const Error& e) {
        failures.push_back(
            {tag, fmt::format("does not apply again after its down script: {}", e.what())});
        return failures;
      }
      Schema again = inspect_database(connection, inspect);
      std::string redo = first_difference(after, again);
      if (!redo.empty()) {
        failures.push_back({tag,
                            "applied again after its down script, it builds another state; "
                            "the first difference: " +
                                redo});
      }
      after = std::move(again);
    }
    before = std::move(after);
  }
  return failures;
}

void verify_targets(Context& context, const VerifyFlags& flags) {
  Output output(context.options);
  Project project(context.options);
  std::vector<std::optional<Target>> targets = project.targets_or_none();
  std::size_t failed = 0;
  for (const std::optional<Target>& entry : targets) {
    const Target* target = entry ? &*entry : nullptr;
    auto start = std::chrono::steady_clock::now();
    fs::path out = migration_folder_path(target, flags.out);
    MigrationFolder folder = MigrationFolder::open(out);
    db::ConnectionSettings server;
    std::optional<DevDatabase> dev;
    if (!flags.scratch_url.empty()) {
      server = db::parse_connection_string(flags.scratch_url);
    } else {
      dev.emplace(project.project_directory());
      if (dev->start()) output.note("started the development database for verify");
      server = dev->settings("postgres");
    }
    std::vector<Failure> failures;
    std::size_t downs = 0;
    {
      ScratchDatabase scratch(server);
      db::Connection connection(scratch.settings());
      InspectOptions inspect;
      inspect.schema_filter = {"*"};
      // Off a terminal, a line per migration only with -v: verify's output stays short.
      ProgressMode mode = output.progress_mode();
      if (mode == ProgressMode::Plain && !output.verbose()) mode = ProgressMode::Quiet;
      ProgressLine progress(output.error_stream(), mode);
      failures = verify_on(connection, folder, inspect, &downs, progress);
      progress.clear();
      std::optional<fs::path> snapshot = folder.latest_snapshot();
      if (failures.empty() && snapshot) {
        DriftCheck built = compare_snapshot_with_database(connection, folder, *snapshot, target);
        if (built.found()) {
          failures.push_back({snapshot->filename().string(),
                              "the migrations do not build the latest snapshot; the first "
                              "difference: " +
                                  describe(built.plan.statements.front())});
        }
      }
    }  // the connection closes, then the scratch database is dropped
    output.note(fmt::format("ran the folder in a scratch database in {:.0f} ms",
                            milliseconds_since(start)));
    if (failures.empty() && target && !target->schema.empty()) {
      GenerateOptions options;
      options.out = out;
      options.schema_files = expand_schema_globs(*target);
      options.typescript = typescript_options(target);
      options.name = "verify";
      NoRenames none;
      auto compared = std::chrono::steady_clock::now();
      PreparedMigration pending = prepare_migration(options, none);
      output.note(fmt::format("compared the schema files with the folder in {:.0f} ms",
                              milliseconds_since(compared)));
      if (!pending.no_changes()) {
        failures.push_back(
            {"schema files", fmt::format("the migrations do not build the schema "
                                         "files: {} change(s) not generated, the first: {}",
                                         pending.plan.statements.size(),
                                         describe(pending.plan.statements.front()))});
      }
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string label = targets.size() > 1 && target ? target->name + ": " : "";
    for (const Failure& failure : failures) {
      output.error(fmt::format("{}{}: {}", label, failure.migration, failure.what));
    }
    if (!failures.empty()) ++failed;
    output.line(fmt::format(
        "{}{} {} migration{} ({} down script{} run down and up again) in a "
        "scratch database in {:.1f} s",
        label, failures.empty() ? output.green("verified") : "FAILED", folder.migrations().size(),
        folder.migrations().size() == 1 ? "" : "s", downs, downs == 1 ? "" : "s", seconds));
  }
  if (failed > 0) throw ExitStatus{1};
}

}  // namespace

void run_verify(Context& context, const VerifyFlags& flags) {
  verify_targets(context, flags);
}

void register_verify(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "verify", "Prove the migration folder on a throwaway database: ups, downs, schema files");
  auto flags = std::make_shared<VerifyFlags>();
  command->add_option("--out", flags->out, "Migration folder (default: the target's `out`)");
  command->add_option("--scratch-url", flags->scratch_url,
                      "A server where verify may create and drop a temporary database (default: "
                      "the development database's server)");
  command->callback([&context, flags] { run_verify(context, *flags); });
}

}  // namespace sleet::cli
