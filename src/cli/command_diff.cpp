// sleet diff: print the migration SQL that turns one schema source into another. Sources
// are schema files, directories of them, or migration folders (their latest snapshot); no
// config file and no database are involved, and nothing is written.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/rename_answers.h"
#include "sleet/diff.h"
#include "sleet/error.h"
#include "sleet/journal.h"
#include "sleet/plan.h"
#include "sleet/snapshot.h"
#include "sleet/sources.h"

namespace sleet::cli {

namespace {

namespace fs = std::filesystem;

struct DiffFlags {
  std::string from;
  std::string to;
  std::vector<std::string> renames;
};

bool is_glob(const std::string& text) {
  return text.find_first_of("*?[") != std::string::npos;
}

// The schema files of `spec` (a glob, a .sql file or a directory); `flag` names it in errors.
std::vector<fs::path> schema_files(const std::string& spec, const std::string& flag) {
  Target adhoc;
  adhoc.name = "command line";
  adhoc.config_file = flag;
  if (is_glob(spec)) return expand_globs({fs::absolute(spec).string()}, adhoc, flag);
  if (fs::is_directory(spec)) {
    // expand_globs rejects a directory without .sql files; here it is the empty schema.
    bool any = false;
    for (const auto& entry : fs::recursive_directory_iterator(spec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".sql") {
        any = true;
        break;
      }
    }
    if (!any) return {};
  }
  return expand_globs({fs::absolute(spec).string()}, adhoc, flag);
}

// The schema `spec` describes; `note` receives what was read.
Schema load_source(const std::string& spec, const std::string& flag, const Output& output) {
  if (spec.empty()) {
    throw Error(ErrorKind::Usage, fmt::format("{} is empty", flag), flag,
                "give a .sql file, a glob, a directory or a migration folder");
  }
  if (!is_glob(spec) && !fs::exists(spec)) {
    throw Error(ErrorKind::Usage, fmt::format("no such file or directory (given to {})", flag),
                spec, "give a .sql file, a glob, a directory or a migration folder");
  }
  if (fs::is_directory(spec) && fs::exists(fs::path(spec) / "meta" / "_journal.json")) {
    MigrationFolder folder = MigrationFolder::open(spec);
    std::optional<fs::path> snapshot = folder.latest_snapshot();
    if (!snapshot) {
      output.note(
          fmt::format("{}: migration folder {} has no snapshot (empty schema)", flag, spec));
      return Schema{};
    }
    output.note(fmt::format("{}: snapshot {}", flag, snapshot->string()));
    return load_snapshot(read_text_file(*snapshot), snapshot->string());
  }
  std::vector<fs::path> files = schema_files(spec, flag);
  output.note(fmt::format("{}: {} schema file(s) from {}", flag, files.size(), spec));
  return parse_schema_files(files);
}

std::string object_name(const QualifiedName& name) {
  if (name.schema.empty()) return name.name;
  if (name.name.empty()) return name.schema;
  return name.schema + "." + name.name;
}

void run_diff(Context& context, const DiffFlags& flags) {
  Output output(context.options);
  Schema from = load_source(flags.from, "--from", output);
  Schema to = load_source(flags.to, "--to", output);

  std::vector<RenameRule> rules;
  for (const auto& spec : flags.renames) rules.push_back(parse_rename_rule(spec, "--rename"));
  RenameAnswers answers(rules, can_prompt() && !context.options.json);
  std::vector<Change> changes = diff_schemas(from, to, answers.resolver());
  answers.throw_if_unanswered();
  for (const RenameRule& rule : answers.unused_rules()) {
    throw Error(ErrorKind::Usage,
                fmt::format("--rename {} answers no question: nothing was dropped and created "
                            "there",
                            rule.spec),
                "--rename", "check the names (sleet diff without --rename shows the changes)");
  }
  Plan plan = plan_changes(changes, from, to);

  if (context.options.json) {
    nlohmann::ordered_json statements = nlohmann::ordered_json::array();
    for (const auto& statement : plan.statements) {
      statements.push_back({{"sql", statement.sql},
                            {"kind", to_string(statement.kind)},
                            {"object", object_name(statement.object)},
                            {"hazards", hazard_names(statement.hazards)},
                            {"explanation", statement.explanation}});
    }
    std::cout << nlohmann::ordered_json{{"statements", statements}}.dump(2) << '\n';
    return;
  }
  if (plan.empty()) {
    output.line("No differences");
    return;
  }
  for (size_t i = 0; i < plan.statements.size(); ++i) {
    if (i > 0) output.line("");
    output.line(plan.statements[i].sql);
  }
}

}  // namespace

void register_diff(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "diff", "Print the migration SQL between two schema sources (writes nothing)");
  auto flags = std::make_shared<DiffFlags>();
  command
      ->add_option("--from", flags->from,
                   "Source schema: .sql file, glob, directory of .sql files or migration folder")
      ->required();
  command->add_option("--to", flags->to, "Target schema, same forms as --from")->required();
  command
      ->add_option("--rename", flags->renames,
                   "Answer a rename question: table:s.old=s.new, column:s.t.old=new, "
                   "create:column:s.t.name, ... (see docs/generate.md)")
      ->take_all();
  command->callback([&context, flags] { run_diff(context, *flags); });
}

}  // namespace sleet::cli
