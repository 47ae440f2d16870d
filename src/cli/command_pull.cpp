// sleet pull: write a live database's schema as schema files, plus a baseline migration
// recorded as already applied, for each selected target.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/progress_line.h"
#include "cli/target_runner.h"
#include "sleet/error.h"
#include "sleet/pull.h"
#include "sleet/push.h"

namespace sleet::cli {

namespace {

namespace fs = std::filesystem;

struct PullFlags {
  std::string split = "schemas";
  bool force = false;
  std::string name = "baseline";
  bool dry_run = false;
  std::string schema_dir;
  std::string out;
};

std::string shown(const fs::path& path) {
  std::error_code error;
  fs::path relative = fs::relative(path, fs::current_path(), error);
  if (error || relative.empty() || relative.string().starts_with("..")) return path.string();
  return relative.string();
}

PullOptions options_for(const Target* target, const PullFlags& flags, Output& output) {
  PullOptions options;
  options.split = parse_pull_split(flags.split);
  options.force = flags.force;
  options.name = flags.name;
  std::optional<fs::path> directory;
  if (!flags.schema_dir.empty()) {
    directory = fs::absolute(flags.schema_dir).lexically_normal();
    std::optional<fs::path> configured;
    if (target) {
      try {
        configured = pull_directory_of(*target, options.split);
      } catch (const Error&) {
      }
    }
    if (target && (!configured || configured->lexically_normal() != *directory)) {
      output.info(
          fmt::format("generate reads the `schema` setting of target {}, not {}: point "
                      "it at that folder in {}",
                      target->name, shown(*directory), shown(target->config_file)));
    }
  } else if (target) {
    directory = pull_directory_of(*target, options.split);
    if (!directory) {
      directory = target->project_directory / "schema";
      output.info(fmt::format(
          "target {} has no `schema` setting: writing {}; add schema = \"schema\" to {} so "
          "generate reads these files",
          target->name, shown(*directory), shown(target->config_file)));
    }
  } else {
    directory = fs::absolute("schema");
  }
  options.schema_directory = *directory;
  options.replaceable[(*directory / "schema.sql").lexically_normal()] = kInitExampleSchema;
  options.out = !flags.out.empty() ? fs::absolute(flags.out)
                : target           ? target->out
                                   : fs::absolute("drizzle");
  options.dry_run = flags.dry_run;
  // Another folder than the one migrate reads for this target: a baseline written there for
  // new databases need not be recorded in this one.
  fs::path usual = target ? target->out : fs::absolute("drizzle");
  options.explicit_out = !flags.out.empty() && fs::absolute(flags.out).lexically_normal() !=
                                                   usual.lexically_normal();
  if (target) {
    options.inspect = inspect_options(*target, Schema{});
    options.tracking.migrations_schema = target->migrations_schema;
    options.tracking.migrations_table = target->migrations_table;
    options.prefix = target->prefix;
    options.format = target->format == "v3" ? FolderFormat::V3 : FolderFormat::Journal;
    options.breakpoints = target->breakpoints;
  }
  return options;
}

JsonResults& json_results = json_document();

std::string pull_target(Context& context, Project& project, const Target* target,
                        const PullFlags& flags, Output& output) {
  const bool json = context.options.json;
  PullOptions options = options_for(target, flags, output);
  db::ResolvedConnection resolved =
      project.connection(target, [&](const std::string& line) { output.info(line); });
  db::Connection connection(resolved.settings);
  ProgressLine progress(output.error_stream(), output.progress_mode() == ProgressMode::Live && !json
                                                   ? ProgressMode::Live
                                                   : ProgressMode::Quiet);
  auto start = std::chrono::steady_clock::now();
  progress.show_with_clock(fmt::format("inspecting {}", resolved.settings.describe()));
  PullPlan plan = plan_pull(connection, options);
  progress.clear();
  output.note(fmt::format("inspected {} and planned the baseline in {:.0f} ms",
                          resolved.settings.describe(), milliseconds_since(start)));
  const PreparedMigration& baseline = plan.baseline;
  std::string database = resolved.settings.describe();

  bool recorded = false;
  if (!flags.dry_run) {
    start = std::chrono::steady_clock::now();
    progress.show_with_clock(
        fmt::format("writing {} file{}", plan.files.size(), plan.files.size() == 1 ? "" : "s"));
    recorded = write_pull(connection, plan);
    progress.clear();
    output.note(fmt::format("wrote the baseline in {:.0f} ms", milliseconds_since(start)));
  }
  for (const NotPulled& item : plan.not_pulled) {
    output.info(fmt::format("note: not pulled: {}", item.describe()));
  }
  for (const std::string& refusal : plan.would_refuse) {
    output.info(fmt::format("note: without --dry-run, pull would refuse: {}", refusal));
  }

  if (json) {
    nlohmann::ordered_json not_pulled = nlohmann::ordered_json::array();
    for (const NotPulled& item : plan.not_pulled) {
      not_pulled.push_back(
          {{"kind", item.kind}, {"object", item.object}, {"reason", item.reason}});
    }
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const auto& file : plan.files) files.push_back(file.path.string());
    nlohmann::ordered_json overwritten = nlohmann::ordered_json::array();
    for (const auto& file : plan.overwritten) overwritten.push_back(file.string());
    json_results.add({{"target", target ? target->name : ""},
                            {"connection", database},
                            {"status", flags.dry_run ? "dry_run" : "written"},
                            {"schema_directory", plan.options.schema_directory.string()},
                            {"files", files},
                            {"overwritten", overwritten},
                            {"tag", baseline.tag},
                            {"migration", baseline.sql_file.string()},
                            {"snapshot", baseline.snapshot_file.string()},
                            {"statements", baseline.statements.size()},
                            {"recorded", recorded},
                            {"not_recorded", plan.not_recorded.empty()
                                                 ? nlohmann::ordered_json()
                                                 : nlohmann::ordered_json(plan.not_recorded)},
                            {"would_refuse", plan.would_refuse},
                            {"not_pulled", not_pulled}});
  } else if (flags.dry_run) {
    for (const auto& file : plan.files) {
      output.line(fmt::format("-- {} (dry run, nothing written)", shown(file.path)));
      output.line(file.sql);
    }
    for (const auto& path : plan.removed) {
      output.line(fmt::format("-- would remove {} (sleet init's example, unchanged)", shown(path)));
    }
    output.line(
        plan.not_recorded.empty()
            ? fmt::format("would write the baseline {} ({} statements) and record it as "
                          "applied in {}",
                          shown(baseline.sql_file), baseline.statements.size(), database)
            : fmt::format("would write the baseline {} ({} statements), not recorded as applied "
                          "in {}: {}",
                          shown(baseline.sql_file), baseline.statements.size(), database,
                          plan.not_recorded));
  } else {
    for (const auto& path : plan.removed) {
      output.line(fmt::format("{} {} (sleet init's example, unchanged)", output.green("removed"),
                              shown(path)));
    }
    for (const auto& file : plan.files) {
      bool replaced = std::find(plan.overwritten.begin(), plan.overwritten.end(), file.path) !=
                      plan.overwritten.end();
      output.line(
          fmt::format("{} {}", output.green(replaced ? "replaced" : "wrote"), shown(file.path)));
    }
    output.line(fmt::format("{} baseline {} ({} statement{})", output.green("wrote"),
                            shown(baseline.sql_file), baseline.statements.size(),
                            baseline.statements.size() == 1 ? "" : "s"));
    if (!plan.not_recorded.empty()) {
      output.warning(fmt::format("{} is not recorded as applied in {}: {}", baseline.tag,
                                 database, plan.not_recorded));
    } else {
      output.line(recorded ? fmt::format("recorded {} as applied in {}", baseline.tag, database)
                           : fmt::format("{} was already recorded as applied in {}",
                                         baseline.tag, database));
    }
  }
  return fmt::format("{} schema file{}, baseline {}", plan.files.size(),
                     plan.files.size() == 1 ? "" : "s", baseline.tag);
}

void run_pull(Context& context, const PullFlags& flags) {
  Project project(context.options);
  run_for_project(project, context.options, json_results,
                  [&](const Target* target, Output& output) {
                    return pull_target(context, project, target, flags, output);
                  });
}

}  // namespace

void register_pull(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "pull",
      "Write the database's schema as schema files, plus a baseline migration recorded as "
      "already applied");
  auto flags = std::make_shared<PullFlags>();
  command->add_option("--split", flags->split,
                      "schemas: one file per PostgreSQL schema (default); tables: one per table "
                      "and view");
  command->add_flag("--force", flags->force, "Replace schema files that exist already");
  command->add_option("--name", flags->name, "The baseline migration's name (default: baseline)");
  command->add_flag("--dry-run", flags->dry_run, "Print the files; write and record nothing");
  command->add_option("--schema-dir", flags->schema_dir,
                      "Folder for the schema files (default: the target's `schema` folder, "
                      "else ./schema)");
  command->add_option("--out", flags->out, "Migration folder (default: the target's `out`)");
  command->callback([&context, flags] { run_pull(context, *flags); });
}

}  // namespace sleet::cli
