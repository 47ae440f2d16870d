// sleet seed: run the configured seed files (new or changed ones) in one transaction.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/target_runner.h"
#include "sleet/error.h"
#include "sleet/seed.h"

namespace sleet::cli {

namespace {

std::vector<SeedFile> seed_files(const Target& target, const std::vector<std::string>& globs,
                                 std::string_view key) {
  std::vector<SeedFile> files;
  if (globs.empty()) return files;
  for (const auto& path : expand_target_globs(target, globs, key)) {
    files.push_back(
        SeedFile{path, std::filesystem::relative(path, target.project_directory).string()});
  }
  return files;
}

// How many of `target`'s migrations the database has not applied (0 when the folder or the
// tracking table cannot be read: then nothing is known to be pending).
std::size_t pending_migrations(db::Connection& connection, const Target& target) {
  try {
    MigrationFolder folder = MigrationFolder::open(migration_folder_path(&target, ""));
    StatusReport report = migration_status(connection, folder, tracking_options(&target));
    return static_cast<std::size_t>(
        std::count_if(report.migrations.begin(), report.migrations.end(),
                      [](const MigrationStatus& m) { return m.state == MigrationState::Pending; }));
  } catch (const std::exception&) {
    return 0;
  }
}

std::string_view status_text(SeedResult::Status status) {
  switch (status) {
    case SeedResult::Status::Applied:
      return "applied";
    case SeedResult::Status::Unchanged:
      return "unchanged";
    case SeedResult::Status::ChangedBootstrap:
      return "changed after it ran once (bootstrap seeds never run twice)";
  }
  return "";
}

void run_seed(Context& context, bool all_files) {
  Project project(context.options);
  project.environment();  // loaded once, before targets run in parallel
  run_for_targets(project.targets(), context.options, [&](const Target& target, Output& output) {
    return seed_target(context, project, target, all_files, output, true);
  });
}

}  // namespace

std::string seed_target(Context& context, Project& project, const Target& target, bool all_files,
                        Output& output, bool require_files) {
  {
    auto bootstrap = seed_files(target, target.seed_bootstrap, "seed.bootstrap");
    auto seeds = seed_files(target, target.seed, "seed");
    if (bootstrap.empty() && seeds.empty()) {
      if (!require_files) return "no seed files";
      throw Error(ErrorKind::Usage, fmt::format("target {} has no seed files", target.name),
                  target.config_file.string(),
                  "add seed = [\"seeds/*.sql\"] (or a [seed] section with files and bootstrap)");
    }
    auto resolved = project.connection(&target, [&](const std::string& line) { output.info(line); });
    db::Connection connection(resolved.settings);
    SeedOptions options;
    options.tracking_schema = target.migrations_schema;
    options.all_files = all_files;
    options.environment = project.environment();
    std::vector<SeedResult> results;
    try {
      results = run_seeds(connection, bootstrap, seeds, options);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Failure) throw;
      std::size_t pending = pending_migrations(connection, target);
      if (pending == 0) throw;
      // The seed most likely needs what the pending migrations create: say that, not "fix
      // the seed file".
      throw Error(ErrorKind::Failure, e.what(), e.where(),
                  fmt::format("{} migration{} pending: run `sleet migrate` first, then seed "
                              "again (nothing of this seed run was kept)",
                              pending, pending == 1 ? " is" : "s are"));
    }
    size_t applied = 0;
    std::int64_t rows = 0;
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const auto& result : results) {
      if (result.status == SeedResult::Status::Applied) {
        ++applied;
        rows += result.rows_affected;
      }
      if (context.options.json) {
        files.push_back({{"file", result.name},
                         {"bootstrap", result.bootstrap},
                         {"status", status_text(result.status)},
                         {"rows", result.rows_affected},
                         {"returned", result.returned}});
        continue;
      }
      if (result.status == SeedResult::Status::ChangedBootstrap) {
        output.warning(fmt::format("{}: {}", result.name, status_text(result.status)));
        continue;
      }
      output.line(fmt::format("{}{} {}{}", result.bootstrap ? "bootstrap " : "",
                              status_text(result.status), result.name,
                              result.status == SeedResult::Status::Applied
                                  ? fmt::format(" ({} rows)", result.rows_affected)
                                  : ""));
      if (result.bootstrap && !result.returned.empty()) {
        output.line("  returned (shown this once, keep it safe):");
        for (const auto& line : result.returned) output.line("    " + line);
      }
    }
    if (context.options.json) {
      json_document().add({{"target", target.name}, {"files", files}});
    }
    return fmt::format("{} seed file(s) applied, {} rows", applied, rows);
  }
}

void register_seed(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "seed", "Run seed files (new or changed ones) in one transaction; bootstrap seeds once");
  auto all_files = std::make_shared<bool>(false);
  command->add_flag("--all-files", *all_files, "Run every seed file, changed or not");
  command->callback([&context, all_files] { run_seed(context, *all_files); });
}

}  // namespace sleet::cli
