// sleet generate: write the next migration (SQL, snapshot, journal entry) of each selected
// target from the difference between its latest snapshot and its schema files.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/progress_line.h"
#include "cli/rename_answers.h"
#include "cli/target_runner.h"
#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/generate.h"
#include "sleet/rename_resolvers.h"
#include "sleet/sql.h"

namespace sleet::cli {

namespace {

// schema_filter entries (plain names, not globs) that no schema file creates. generate
// writes CREATE SCHEMA only for schemas the files declare, as drizzle-kit does only for
// pgSchema() ones: a filter selects, it does not declare. So the migrations would not create
// the schema (sleet up and migrate create it before migrating; drizzle-kit migrate does not).
std::vector<std::string> uncreated_filter_schemas(const Target& target, const Schema& declared) {
  std::vector<std::string> warnings;
  for (const std::string& entry : target.schema_filter) {
    if (entry == "public" || entry.find_first_of("*?[") != std::string::npos) continue;
    if (declared.namespaces.count(entry) > 0) continue;
    warnings.push_back(fmt::format(
        "schema_filter lists '{}' but no schema file creates it, so no migration will: add "
        "`CREATE SCHEMA {};` to a schema file (what drizzle's pgSchema(\"{}\") declares), or "
        "remove '{}' from schema_filter in {}",
        entry, sql::quote_identifier_if_needed(entry), entry, entry,
        target.config_file.filename().string()));
  }
  return warnings;
}

namespace fs = std::filesystem;

struct GenerateFlags {
  bool strict = false;
  std::string name;
  bool custom = false;
  bool dry_run = false;
  bool backfill = false;
  int backfill_batch_rows = 10000;
  std::vector<std::string> renames;
};

std::string relative_to_cwd(const fs::path& path) {
  std::error_code error;
  fs::path relative = fs::relative(path, fs::current_path(), error);
  if (error || relative.empty() || relative.string().starts_with("..")) return path.string();
  return relative.string();
}

// A warning block for the statements carrying `hazard`, e.g. every data-loss statement.
void warn_about(const Output& output, const PreparedMigration& migration, Hazard hazard,
                const std::string& what) {
  auto statements = migration.plan.with_hazard(hazard);
  if (statements.empty()) return;
  std::string text = fmt::format("{} {} {} in {}:", statements.size(),
                                 statements.size() == 1 ? "statement" : "statements", what,
                                 relative_to_cwd(migration.sql_file));
  for (const PlannedStatement* statement : statements) {
    // A long statement (a backfill's DO block) is named, not printed: the file holds it.
    const auto lines = std::count(statement->sql.begin(), statement->sql.end(), '\n') + 1;
    text += "\n  " + (lines > 3
                          ? fmt::format("{} ({} lines, see the file)", describe(*statement), lines)
                          : statement->sql);
    if (!statement->explanation.empty()) text += "\n    " + statement->explanation;
  }
  output.warning(text);
}

// sleet lint's warnings and errors on the migration about to be written (none for a custom
// one), located in its file.
std::vector<LintFinding> lint_of(const PreparedMigration& migration, const LintOptions& options) {
  if (migration.options.custom || migration.no_changes()) return {};
  // The line each statement starts on in the file.
  std::vector<int> lines;
  LineIndex index(migration.sql_text);
  size_t from = 0;
  for (const PlannedStatement& statement : migration.plan.statements) {
    size_t at = migration.sql_text.find(statement.sql, from);
    if (at == std::string::npos) at = from;
    lines.push_back(index.locate(at).first);
    from = at;
  }
  std::vector<LintFinding> findings;
  for (auto& [statement, finding] : lint_plan(migration.plan, migration.from, options)) {
    finding.file = relative_to_cwd(migration.sql_file);
    finding.line += lines[statement] - 1;
    findings.push_back(std::move(finding));
  }
  return findings;
}

nlohmann::ordered_json migration_json(const std::string& target, const PreparedMigration& m,
                                      const std::string& status,
                                      const std::vector<LintFinding>& findings) {
  nlohmann::ordered_json statements =
      m.options.custom ? nlohmann::ordered_json::array() : to_json(m.plan);
  nlohmann::ordered_json json{{"target", target}, {"status", status}};
  if (status != "no_changes") {
    json["tag"] = m.tag;
    json["file"] = m.sql_file.string();
    json["snapshot"] = m.snapshot_file.string();
    json["id"] = m.header.id;
    json["prevId"] = m.header.prev_id;
    json["custom"] = m.options.custom;
  }
  json["statements"] = statements;
  json["lint"] = nlohmann::ordered_json::array();
  for (const LintFinding& finding : findings) json["lint"].push_back(finding.to_json());
  return json;
}

void run_generate(Context& context, const GenerateFlags& flags) {
  Output output(context.options);
  Project project(context.options);
  std::vector<Target> targets = project.targets();

  std::vector<RenameRule> flag_rules = rename_rules(flags.renames, nullptr);
  std::vector<int> flag_rule_uses(flag_rules.size(), 0);

  // Everything is prepared (and every question answered) before anything is written.
  std::vector<PreparedMigration> prepared;
  const bool prompt = can_prompt() && !context.options.json;
  // On a terminal, a live line while a target's sources are read and compared (TypeScript
  // schemas and large folders take seconds); off one, -v's notes say the same.
  ProgressLine progress(output.error_stream(),
                        output.progress_mode() == ProgressMode::Live && !context.options.json
                            ? ProgressMode::Live
                            : ProgressMode::Quiet);
  for (const Target& target : targets) {
    RenameAnswers answers(rename_rules(flags.renames, &target), prompt);
    answers.before_asking([&progress] { progress.clear(); });

    GenerateOptions options;
    options.out = target.out;
    options.prefix = target.prefix;
    options.breakpoints = target.breakpoints;
    options.new_folder_format = target.format == "v3" ? FolderFormat::V3 : FolderFormat::Journal;
    options.online = target.online;
    // A tenant's objects are declared without a schema; their migrations name none either.
    if (target.has_tenant_schemas()) options.unqualified_schema = "public";
    options.backfill = flags.backfill;
    options.backfill_batch_rows = flags.backfill_batch_rows;
    options.name = flags.name;
    options.custom = flags.custom;
    if (!flags.custom) options.schema_files = expand_schema_globs(target);
    options.typescript = typescript_options(&target);
    output.note(fmt::format("target {}: {} schema file(s), folder {}", target.name,
                            options.schema_files.size(), relative_to_cwd(target.out)));

    auto start = std::chrono::steady_clock::now();
    progress.show_with_clock(fmt::format(
        "{}reading {} and comparing with {}", targets.size() > 1 ? target.name + ": " : "",
        flags.custom ? std::string("the folder")
                     : fmt::format("{} schema file{}", options.schema_files.size(),
                                   options.schema_files.size() == 1 ? "" : "s"),
        relative_to_cwd(target.out)));
    prepared.push_back(prepare_migration(options, answers.resolver()));
    progress.clear();
    output.note(fmt::format("target {}: read, compared and planned {} statement(s) in {:.0f} ms",
                            target.name, prepared.back().plan.statements.size(),
                            milliseconds_since(start)));
    answers.throw_if_unanswered();
    std::vector<RenameRule> unused = answers.unused_rules();
    for (size_t i = 0; i < flag_rules.size(); ++i) {
      bool was_unused = std::any_of(unused.begin(), unused.end(), [&](const RenameRule& rule) {
        return rule.spec == flag_rules[i].spec && rule.origin == flag_rules[i].origin;
      });
      if (!was_unused) ++flag_rule_uses[i];
    }
    for (const auto& note : prepared.back().notes) output.note("ignored: " + note);
    if (!flags.custom) {
      for (const std::string& warning : uncreated_filter_schemas(target, prepared.back().to)) {
        output.warning(warning);
      }
    }
    if (const auto& previous = prepared.back().previous_snapshot) {
      output.note(fmt::format("previous snapshot: {}", relative_to_cwd(*previous)));
    }
    if (!prepared.back().custom_migrations.empty()) {
      output.note(fmt::format("with what custom migration(s) {} created",
                              fmt::join(prepared.back().custom_migrations, ", ")));
    }
  }
  if (!flags.custom) {
    // A flag must answer a question of at least one target.
    std::vector<RenameRule> unused;
    for (size_t i = 0; i < flag_rules.size(); ++i) {
      if (flag_rule_uses[i] == 0) unused.push_back(flag_rules[i]);
    }
    throw_if_unused_flag(unused, "sleet generate --dry-run shows the changes");
  }

  // Linted before anything is written: with --strict a finding stops every target.
  LintOptions lint_levels = lint_options(project);
  std::vector<std::vector<LintFinding>> findings;
  size_t found = 0;
  for (const PreparedMigration& migration : prepared) {
    findings.push_back(lint_of(migration, lint_levels));
    found += findings.back().size();
  }
  if (flags.strict && found > 0 && !flags.dry_run) {
    for (const auto& list : findings)
      for (const LintFinding& finding : list) output.warning(describe(finding));
    throw Error(ErrorKind::Failure,
                fmt::format("{} lint finding{} in the migration{} to write; nothing written", found,
                            found == 1 ? "" : "s", prepared.size() == 1 ? "" : "s"),
                "",
                "change the schema so the statements are safe, or generate without --strict "
                "and review the findings (sleet lint explains each)");
  }

  const bool several = targets.size() > 1;
  for (size_t i = 0; i < prepared.size(); ++i) {
    const PreparedMigration& migration = prepared[i];
    const std::string& name = targets[i].name;
    std::string label = several ? name + ": " : "";
    std::string status = migration.no_changes() ? "no_changes"
                         : flags.dry_run        ? "dry_run"
                                                : "written";
    if (status == "written") write_migration(migration);
    if (context.options.json) {
      json_document().add(migration_json(name, migration, status, findings[i]));
      continue;
    }
    auto warn_all = [&] {
      warn_about(output, migration, kDataLoss, "may lose data");
      warn_about(output, migration, kNoTransaction, "cannot run inside a transaction");
      // Offline, generate cannot count the rows; it says which statements depend on them and
      // how (a NOT NULL without a default fails on the NULLs a column holds).
      warn_about(output, migration, kMayFailOnData, "may fail on rows already in the database");
      for (const LintFinding& finding : findings[i]) output.warning(describe(finding));
    };
    const std::vector<std::string>& leaves = migration.merged_leaves;
    if (status == "no_changes") {
      output.line(label + "No schema changes, nothing to migrate");
      if (!leaves.empty()) {
        output.info(fmt::format(
            "{}the branches ending in {} stay unmerged: 'sleet generate --custom --name merge' "
            "writes a merge migration naming them (as drizzle-kit 1.0's generate --custom "
            "does), or 'sleet rebase' puts them in one line",
            label, fmt::join(leaves, " and ")));
      }
      continue;
    }
    if (status == "dry_run") {
      output.line(fmt::format("{}-- {} (dry run, nothing written)", label,
                              relative_to_cwd(migration.sql_file)));
      output.line(migration.sql_text);
      warn_all();
      continue;
    }
    output.line(fmt::format("{}{} {} ({} statement{})", label, output.green("wrote"),
                            relative_to_cwd(migration.sql_file), migration.statements.size(),
                            migration.statements.size() == 1 ? "" : "s"));
    output.line(fmt::format("{}{} {} (its reverse, for sleet rollback{})", label,
                            output.green("wrote"), relative_to_cwd(migration.down_file),
                            migration.down.plan.with_hazard(kDataLoss).empty()
                                ? ""
                                : "; it may lose data, see its header"));
    if (!leaves.empty()) {
      output.line(
          fmt::format("{}merges the branches ending in {} (its snapshot names each as a parent)",
                      label, fmt::join(leaves, " and ")));
    }
    output.note(fmt::format("snapshot {} (id {}, prevId {})",
                            relative_to_cwd(migration.snapshot_file), migration.header.id,
                            migration.header.prev_id));
    warn_all();
  }
}

}  // namespace

void register_generate(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "generate", "Write the next migration from the changes to the schema files");
  auto flags = std::make_shared<GenerateFlags>();
  command->add_option("--name", flags->name, "Migration name (default: a random readable one)");
  command->add_flag("--custom", flags->custom,
                    "An empty migration to write by hand (the snapshot is unchanged)");
  command->add_flag("--dry-run", flags->dry_run, "Print the SQL, write nothing");
  command->add_flag("--strict", flags->strict,
                    "Write nothing when sleet lint has a finding on the migration");
  command->add_flag("--backfill", flags->backfill,
                    "Add a column with a volatile default (gen_random_uuid(), ...) to an existing "
                    "table nullable, fill its rows in committed batches, then set NOT NULL, "
                    "instead of rewriting the table");
  command
      ->add_option("--backfill-batch", flags->backfill_batch_rows,
                   "Rows per committed batch of a --backfill (default 10000)")
      ->check(CLI::PositiveNumber);
  command
      ->add_option("--rename", flags->renames,
                   "Answer a rename question: table:s.old=s.new, column:s.t.old=new, "
                   "create:column:s.t.name, ... (see docs/generate.md)")
      ->take_all();
  command->callback([&context, flags] { run_generate(context, *flags); });
}

}  // namespace sleet::cli
