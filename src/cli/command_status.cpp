// sleet status: where each migration stands in each selected target's database.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "sleet/migrate.h"

namespace sleet::cli {

namespace {

std::string describe_status(const MigrationStatus& status) {
  switch (status.state) {
    case MigrationState::Applied:
      if (status.applied_at.empty()) return "applied (by drizzle-kit)";
      return fmt::format("applied {} by {}", status.applied_at, status.applied_by);
    case MigrationState::Pending:
      return "pending";
    case MigrationState::Edited:
      return fmt::format("EDITED after it was applied (applied hash {}, file hash {})",
                         status.stored_hash.substr(0, 12), status.hash.substr(0, 12));
    case MigrationState::OutOfOrder:
      return "OUT OF ORDER: pending but older than the newest applied migration "
             "(drizzle-kit would skip it)";
    case MigrationState::MissingFile:
      return fmt::format("MISSING FILE: applied (hash {}, created_at {}) but not in the journal",
                         status.hash.substr(0, 12), status.when);
  }
  return "";
}

void print_status(const Output& output, const std::string& heading, const StatusReport& report) {
  output.line(output.bold(heading));
  std::size_t width = 4;
  for (const auto& m : report.migrations) width = std::max(width, m.tag.size());
  for (const auto& m : report.migrations) {
    std::string tag = m.tag.empty() ? "(no file)" : m.tag;
    output.line(fmt::format("  {:<{}}  {}", tag, width, describe_status(m)));
  }
  std::map<MigrationState, int> counts;
  for (const auto& m : report.migrations) ++counts[m.state];
  std::vector<std::string> parts;
  for (auto state : {MigrationState::Applied, MigrationState::Pending, MigrationState::Edited,
                     MigrationState::OutOfOrder, MigrationState::MissingFile}) {
    if (counts[state] > 0) parts.push_back(fmt::format("{} {}", counts[state], to_string(state)));
  }
  output.line(parts.empty() ? "  no migrations" : "  " + fmt::format("{}", fmt::join(parts, ", ")));
}

void run_status(Context& context, const std::string& out_flag) {
  Output output(context.options);
  Project project(context.options);
  std::vector<std::optional<Target>> targets = project.targets_or_none();
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  int attention = 0;
  std::vector<Error> failures;
  for (const auto& target : targets) {
    const Target* t = target ? &*target : nullptr;
    nlohmann::ordered_json result = {{"target", t ? t->name : ""}};
    try {
      MigrateOptions options;
      std::filesystem::path out =
          std::filesystem::absolute(out_flag.empty() ? "drizzle" : out_flag);
      if (t) {
        options.migrations_schema = t->migrations_schema;
        options.migrations_table = t->migrations_table;
        if (out_flag.empty()) out = t->out;
      }
      MigrationFolder folder = MigrationFolder::open(out);
      db::ResolvedConnection resolved = project.connection(t);
      result["connection"] = resolved.settings.describe();
      db::Connection connection(resolved.settings);
      StatusReport report = migration_status(connection, folder, options);
      if (report.needs_attention()) ++attention;
      if (context.options.json) {
        result["status"] = report.to_json();
      } else {
        print_status(output,
                     fmt::format("{}{} ({})", t ? t->name + ": " : "", resolved.settings.describe(),
                                 folder.directory().string()),
                     report);
      }
    } catch (const Error& e) {
      if (targets.size() == 1 && !context.options.json) throw;
      result["error"] = {{"message", e.what()},
                         {"where", e.where()},
                         {"hint", e.hint()},
                         {"exit_code", e.exit_code()}};
      if (targets.size() > 1) output.error((t ? t->name + ": " : "") + e.describe());
      failures.push_back(e);
    }
    results.push_back(std::move(result));
  }
  if (context.options.json) std::cout << results.dump(2) << '\n';
  if (targets.size() == 1 && !failures.empty()) throw failures.front();
  if (!failures.empty()) {
    throw Error(ErrorKind::Failure,
                fmt::format("{} of {} targets could not be read", failures.size(), targets.size()));
  }
  if (attention > 0) {
    throw Error(ErrorKind::Failure,
                targets.size() == 1 ? "migrations need attention"
                                    : fmt::format("{} targets need attention", attention),
                "",
                "pending: run 'sleet migrate'; edited / out of order / missing file: see "
                "docs/migrate.md");
  }
}

}  // namespace

void register_status(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "status",
      "Show each migration as applied, pending, edited, out of order or missing its "
      "file (exit 1 when anything needs attention)");
  auto out = std::make_shared<std::string>();
  command->add_option("--out", *out, "Migration folder (default: the target's `out`)");
  command->callback([&context, out] { run_status(context, *out); });
}

}  // namespace sleet::cli
