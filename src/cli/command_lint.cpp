// sleet lint: lock and safety findings on migration files (docs/commands/lint.md).
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "cli/cli.h"
#include "cli/target_runner.h"
#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/journal.h"
#include "sleet/lint.h"
#include "sleet/migrate.h"

namespace sleet::cli {

namespace {

struct LintFlags {
  std::vector<std::string> paths;
  std::string format = "text";
  std::vector<std::string> rules;  // RULE=LEVEL
  bool list_rules = false;
  bool pending = false;  // only migrations the target's database has not applied
  std::string since;     // only migrations after this tag
};

// One lint_migrations call: the files of one folder read in order, or files each alone.
struct LintGroup {
  std::vector<LintFile> files;
  bool one_folder = false;
  std::optional<LintCatalog> catalog;
};

// The files named: each file alone, each folder's *.sql in name order, each alone; a
// drizzle migration folder (one with meta/_journal.json) as one group in journal order, with
// its snapshots.
std::vector<LintGroup> path_groups(const std::vector<std::string>& paths) {
  std::vector<LintGroup> groups(1);
  for (const std::string& path : paths) {
    std::filesystem::path at(path);
    std::vector<std::filesystem::path> found;
    if (std::filesystem::is_directory(at) &&
        std::filesystem::exists(at / "meta" / "_journal.json")) {
      LintGroup folder;
      folder.one_folder = true;
      folder.files =
          folder_lint_files(MigrationFolder::open(at), 0, std::filesystem::current_path());
      groups.push_back(std::move(folder));
      continue;
    }
    if (std::filesystem::is_directory(at)) {
      for (const auto& entry : std::filesystem::directory_iterator(at))
        if (entry.path().extension() == ".sql") found.push_back(entry.path());
      std::sort(found.begin(), found.end());
    } else if (std::filesystem::exists(at)) {
      found.push_back(at);
    } else {
      throw Error(ErrorKind::Usage, "no such file or folder", path,
                  "name migration files or folders of them");
    }
    for (const auto& file : found)
      groups.front().files.push_back({file.string(), read_text_file(file)});
  }
  return groups;
}

// The catalog of the database `resolved` names, or nullopt (said on stderr) when it cannot be
// reached and `required` is false.
std::optional<LintCatalog> catalog_of(db::ConnectionSettings settings, bool required,
                                      const Output& output) {
  if (!required && !settings.options.contains("connect_timeout"))
    settings.options["connect_timeout"] = "3";
  try {
    db::Connection connection(settings);
    return read_lint_catalog(connection);
  } catch (const Error& e) {
    if (required) throw;
    output.info(fmt::format("lint: without table sizes: {} ({})", settings.describe(), e.what()));
    return std::nullopt;
  }
}

// Each selected target's migration folder as one group, from --since's next migration or
// only what --pending finds unapplied; with the catalog of the target's database when
// --url or the config names one (a database --pending needs).
std::vector<LintGroup> project_groups(Project& project, const LintFlags& flags,
                                      const GlobalOptions& global, const Output& output) {
  std::vector<LintGroup> groups;
  for (const Target& target : project.targets()) {
    MigrationFolder folder = MigrationFolder::open(target.out);
    std::size_t first = 0;
    if (!flags.since.empty()) {
      const Migration* since = folder.find(flags.since);
      if (!since) {
        throw Error(ErrorKind::Usage, fmt::format("--since {}: no such migration", flags.since),
                    folder.journal_file().string(),
                    "name a tag of meta/_journal.json, e.g. " +
                        (folder.migrations().empty() ? std::string("0000_init")
                                                     : folder.migrations().back().entry.tag));
      }
      first = static_cast<std::size_t>(since - folder.migrations().data()) + 1;
    }
    LintGroup group;
    group.one_folder = true;
    group.files = folder_lint_files(folder, first, std::filesystem::current_path());
    const bool required = flags.pending || !global.url.empty();
    std::optional<db::ResolvedConnection> resolved;
    try {
      resolved = required ? project.connection(&target) : project.existing_connection(&target);
    } catch (const Error& e) {
      if (required) throw;
      output.info(fmt::format("lint: without table sizes: {}", e.what()));
    }
    if (resolved && (required || db::names_a_server(*resolved))) {
      group.catalog = catalog_of(resolved->settings, required, output);
      if (flags.pending) {
        db::Connection connection(resolved->settings);
        MigrateOptions options;
        options.migrations_schema = target.migrations_schema;
        options.migrations_table = target.migrations_table;
        std::set<std::string> unapplied;
        for (const MigrationStatus& status :
             migration_status(connection, folder, options).migrations) {
          if (status.state == MigrationState::Pending || status.state == MigrationState::OutOfOrder)
            unapplied.insert(status.tag);
        }
        std::vector<LintFile> pending;
        for (std::size_t i = 0; i < group.files.size(); ++i) {
          if (unapplied.contains(folder.migrations()[first + i].entry.tag))
            pending.push_back(std::move(group.files[i]));
        }
        group.files = std::move(pending);
      }
    }
    groups.push_back(std::move(group));
  }
  return groups;
}

void set_level(LintOptions& options, const std::string& rule, const std::string& level,
               const std::string& where) {
  find_lint_rule(rule, where);
  options.levels[rule] = parse_lint_level(level, where);
}

// The project's [lint] levels, then --rule flags over them.
LintOptions options_from(Project& project, const std::vector<std::string>& rules) {
  LintOptions options = lint_options(project);
  for (const std::string& rule : rules) {
    size_t equals = rule.find('=');
    if (equals == std::string::npos) {
      throw Error(ErrorKind::Usage, fmt::format("--rule {}: expected RULE=LEVEL", rule), "",
                  "e.g. --rule prefer-text-field=error");
    }
    set_level(options, rule.substr(0, equals), rule.substr(equals + 1), "--rule " + rule);
  }
  return options;
}

// GitHub Actions workflow commands: annotations on the pull request's files.
std::string github_line(const LintFinding& finding) {
  const char* command = finding.level == LintLevel::Error     ? "error"
                        : finding.level == LintLevel::Warning ? "warning"
                                                              : "notice";
  return fmt::format("::{} file={},line={},col={},title={}::{} (hint: {})", command, finding.file,
                     finding.line, finding.column, finding.rule, finding.message, finding.hint);
}

// `target`: the entry of the --json document the findings go to ("" for none).
void print(const std::vector<LintFinding>& findings, const std::string& format,
           const std::string& target, const Output& output) {
  if (format == "sarif") {
    std::cout << lint_sarif(findings).dump(2) << '\n';
    return;
  }
  if (format == "json") {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const LintFinding& finding : findings) list.push_back(finding.to_json());
    json_document().add({{"target", target}, {"findings", list}});
    return;
  }
  for (const LintFinding& finding : findings) {
    if (format == "github") {
      std::cout << github_line(finding) << '\n';
      continue;
    }
    output.line(describe(finding));
  }
}

}  // namespace

LintOptions lint_options(Project& project) {
  LintOptions options;
  if (!project.has_config()) return options;
  if (project.config().lint_small_table_rows)
    options.small_table_rows = *project.config().lint_small_table_rows;
  for (const LintSetting& setting : project.config().lint)
    set_level(options, setting.rule, setting.level, setting.where);
  return options;
}

std::vector<PlanFinding> lint_plan(const Plan& plan, const Schema& before,
                                   const LintOptions& options) {
  std::vector<std::size_t> linted;  // statement indexes, in plan order
  std::vector<int> first_lines;     // of each in `text`
  std::string text;
  int line = 1;
  for (std::size_t i = 0; i < plan.statements.size(); ++i) {
    const PlannedStatement& statement = plan.statements[i];
    if (!before.tables.contains(statement.object)) continue;
    linted.push_back(i);
    first_lines.push_back(line);
    text += statement.sql + "\n";
    line += 1 + static_cast<int>(std::count(statement.sql.begin(), statement.sql.end(), '\n'));
  }
  std::vector<PlanFinding> findings;
  if (linted.empty()) return findings;
  // The plan's own `before`, not owned: a type change it shows to be binary-coercible is quiet.
  auto schema_before = [&before] {
    return std::shared_ptr<const Schema>(std::shared_ptr<const Schema>(), &before);
  };
  for (LintFinding& finding : lint_migrations({{"plan", text, schema_before}}, options)) {
    if (finding.level == LintLevel::Info) continue;
    auto at = std::upper_bound(first_lines.begin(), first_lines.end(), finding.line) - 1;
    std::size_t position = static_cast<std::size_t>(at - first_lines.begin());
    finding.line -= *at - 1;  // from the statement's first line
    findings.push_back({linted[position], std::move(finding)});
  }
  return findings;
}

std::string describe(const LintFinding& finding) {
  return fmt::format("{}:{}:{}: {} {}: {}\n  hint: {}", finding.file, finding.line, finding.column,
                     to_string(finding.level), finding.rule, finding.message, finding.hint);
}

void register_lint(CLI::App& app, Context& context) {
  auto flags = std::make_shared<LintFlags>();
  auto* command = app.add_subcommand(
      "lint",
      "Find statements in migration files that lock tables or lose data, with the safe form");
  command->add_option("paths", flags->paths,
                      "Migration files or folders (default: the target's migration folder)");
  command->add_option("--format", flags->format, "text (default), json, github or sarif")
      ->check(CLI::IsMember({"text", "json", "github", "sarif"}));
  command->add_flag("--pending", flags->pending,
                    "Only the migrations the target's database has not applied");
  command->add_option("--since", flags->since, "Only the migrations after the one tagged TAG");
  command->add_option("--rule", flags->rules, "RULE=LEVEL (error, warning, info, off); repeatable")
      ->allow_extra_args(false);
  command->add_flag("--rules", flags->list_rules, "List the rules and their default levels");
  command->callback([&context, flags] {
    // --format json is --json: the one document main prints (docs/json.md).
    if (flags->format == "json") context.options.json = true;
    Output output(context.options);
    if (flags->list_rules) {
      for (const LintRule& rule : lint_rules())
        output.line(fmt::format("{:<46} {:<8} {}", rule.id, to_string(rule.level), rule.summary));
      return;
    }
    std::string format = context.options.json ? "json" : flags->format;
    Project project(context.options);
    LintOptions options = options_from(project, flags->rules);
    if (!flags->paths.empty() && (flags->pending || !flags->since.empty())) {
      throw Error(ErrorKind::Usage, "--pending and --since select from the target's folder", "",
                  "drop the paths, or drop --pending/--since and name the files");
    }
    std::vector<LintGroup> groups = flags->paths.empty()
                                        ? project_groups(project, *flags, context.options, output)
                                        : path_groups(flags->paths);
    // Named files need no config and no database: only --url asks for the catalog.
    if (!flags->paths.empty() && !context.options.url.empty()) {
      std::optional<LintCatalog> catalog =
          catalog_of(project.connection(nullptr).settings, true, output);
      for (LintGroup& group : groups) group.catalog = catalog;
    }
    std::vector<LintFinding> findings;
    std::size_t file_count = 0;
    for (const LintGroup& group : groups) {
      LintOptions group_options = options;
      group_options.one_folder = group.one_folder;
      group_options.catalog = group.catalog;
      std::vector<LintFinding> found = lint_migrations(group.files, group_options);
      findings.insert(findings.end(), found.begin(), found.end());
      file_count += group.files.size();
    }
    // Findings of a project's only target belong to its entry; of several, or of named
    // files, to one entry without a target.
    std::string target =
        flags->paths.empty() && project.has_config() && project.targets().size() == 1
            ? project.targets().front().name
            : "";
    print(findings, format, target, output);
    auto count = [&](LintLevel level) {
      return std::count_if(findings.begin(), findings.end(),
                           [&](const LintFinding& finding) { return finding.level == level; });
    };
    long errors = count(LintLevel::Error);
    if (format == "text") {
      output.info(fmt::format("{} file{}: {} error{}, {} warning{}, {} info", file_count,
                              file_count == 1 ? "" : "s", errors, errors == 1 ? "" : "s",
                              count(LintLevel::Warning), count(LintLevel::Warning) == 1 ? "" : "s",
                              count(LintLevel::Info)));
    }
    if (errors > 0) throw ExitStatus{1};
  });
}

}  // namespace sleet::cli
