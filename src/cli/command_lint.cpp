// sleet lint: lock and safety findings on migration files (docs/commands/lint.md).
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/journal.h"
#include "sleet/lint.h"

namespace sleet::cli {

namespace {

struct LintFlags {
  std::vector<std::string> paths;
  std::string format = "text";
  std::vector<std::string> rules;  // RULE=LEVEL
  bool list_rules = false;
};

// The files named: each file, and each folder's *.sql in name order.
std::vector<LintFile> files_at(const std::vector<std::string>& paths) {
  std::vector<LintFile> files;
  for (const std::string& path : paths) {
    std::filesystem::path at(path);
    std::vector<std::filesystem::path> found;
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
    for (const auto& file : found) files.push_back({file.string(), read_text_file(file)});
  }
  return files;
}

// The selected targets' migration folders, in journal order.
std::vector<LintFile> project_files(Project& project) {
  std::vector<LintFile> files;
  for (const Target& target : project.targets()) {
    MigrationFolder folder = MigrationFolder::open(target.out);
    for (const Migration& migration : folder.migrations())
      files.push_back({std::filesystem::relative(migration.file).string(), migration.text});
  }
  return files;
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

void print(const std::vector<LintFinding>& findings, const std::string& format,
           const Output& output) {
  if (format == "json") {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const LintFinding& finding : findings) list.push_back(finding.to_json());
    std::cout << nlohmann::ordered_json{{"findings", list}}.dump(2) << '\n';
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
  for (LintFinding& finding : lint_migrations({{"plan", text}}, options)) {
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
  command->add_option("--format", flags->format, "text (default), json or github")
      ->check(CLI::IsMember({"text", "json", "github"}));
  command->add_option("--rule", flags->rules, "RULE=LEVEL (error, warning, info, off); repeatable")
      ->allow_extra_args(false);
  command->add_flag("--rules", flags->list_rules, "List the rules and their default levels");
  command->callback([&context, flags] {
    Output output(context.options);
    if (flags->list_rules) {
      for (const LintRule& rule : lint_rules())
        output.line(fmt::format("{:<46} {:<8} {}", rule.id, to_string(rule.level), rule.summary));
      return;
    }
    std::string format = context.options.json ? "json" : flags->format;
    Project project(context.options);
    LintOptions options = options_from(project, flags->rules);
    std::vector<LintFile> files =
        flags->paths.empty() ? project_files(project) : files_at(flags->paths);
    std::vector<LintFinding> findings = lint_migrations(files, options);
    print(findings, format, output);
    auto count = [&](LintLevel level) {
      return std::count_if(findings.begin(), findings.end(),
                           [&](const LintFinding& finding) { return finding.level == level; });
    };
    long errors = count(LintLevel::Error);
    if (format == "text") {
      output.info(fmt::format("{} file{}: {} error{}, {} warning{}, {} info", files.size(),
                              files.size() == 1 ? "" : "s", errors, errors == 1 ? "" : "s",
                              count(LintLevel::Warning), count(LintLevel::Warning) == 1 ? "" : "s",
                              count(LintLevel::Info)));
    }
    if (errors > 0) throw ExitStatus{1};
  });
}

}  // namespace sleet::cli
