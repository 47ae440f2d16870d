#include "cli/help.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <sstream>

namespace sleet::cli {

namespace {

// Examples per command path, each a command that works as typed in a project `sleet init`
// made (or, where it needs one, a database it names).
const std::map<std::string, std::vector<CommandExample>>& all_examples() {
  static const std::map<std::string, std::vector<CommandExample>> examples = {
      {"init",
       {{"sleet init", "scaffold sleet.toml, schema/schema.sql and drizzle/ here"},
        {"sleet init --from-drizzle", "write sleet.toml from the project's drizzle.config.ts"}}},
      {"export",
       {{"sleet export", "print the declared schema as canonical SQL"},
        {"sleet export --schema 'schema/*.sql' --json", "the same statements as JSON"}}},
      {"db",
       {{"sleet db info --verbose", "where sleet connects and where each setting came from"},
        {"sleet db wait --timeout 30", "wait up to 30 seconds for the server"}}},
      {"db info",
       {{"sleet db info", "connect and print the server and its version"},
        {"sleet db info --all --json", "the same for every target, as JSON"}}},
      {"db wait",
       {{"sleet db wait --timeout 60",
         "wait up to 60 seconds until the server accepts connections"}}},
      {"db create",
       {{"sleet db create --target auth", "create target auth's database if missing"}}},
      {"db drop", {{"sleet db drop --force", "drop the target's database without asking"}}},
      {"dev",
       {{"sleet dev start", "create (first time) and start the development database"},
        {"sleet dev url", "print its connection URL"},
        {"sleet dev stop", "stop it"}}},
      {"seed",
       {{"sleet seed", "run new or changed seed files"},
        {"sleet seed --all-files", "run every seed file again"},
        {"ADMIN_EMAIL=me@example.com sleet seed",
         "a seed reading :'ADMIN_EMAIL' from the environment"}}},
      {"reset",
       {{"sleet reset --force", "drop the managed schemas, migrate from nothing, seed"},
        {"sleet reset --push --force", "the same, pushing the schema files instead of migrating"}}},
      {"migrate",
       {{"sleet migrate", "apply what is pending on the selected target"},
        {"sleet migrate --dry-run", "show what would be applied; change nothing"},
        {"sleet migrate --all --to 0003_orders", "every target, up to and including 0003_orders"}}},
      {"up",
       {{"sleet up", "create the database when missing, then migrate"},
        {"sleet up --wait 60", "the deploy step: wait up to 60 s for the server first"},
        {"sleet up --all --fail-fast", "every target; start no other after one failed"}}},
      {"status",
       {{"sleet status", "each migration's state and drift (exit 1 when anything needs attention)"},
        {"sleet status --all --json", "every target, as JSON"},
        {"sleet status --no-drift", "migrations only, no schema comparison"}}},
      {"check",
       {{"sleet check", "check the folder without a database"},
        {"sleet check --replay", "also build the folder in a scratch database and compare"}}},
      {"drop",
       {{"sleet drop", "remove the last migration's files and journal entry (asks first)"},
        {"sleet drop --yes", "the same without asking"}}},
      {"rebase",
       {{"sleet rebase --dry-run", "say which branch's migrations would move after the other's"},
        {"sleet rebase", "put the two merged branches' migrations in one line"},
        {"sleet rebase --offline", "the same without asking the database what it applied"}}},
      {"convert",
       {{"sleet convert --to v3 --dry-run",
         "list the drizzle-kit 1.0 folder each migration becomes"},
        {"sleet convert --to v3",
         "convert the folder to drizzle-kit 1.0's layout, tracking rows too"},
        {"sleet convert --to journal --offline", "back to drizzle-kit 0.x's layout, folder only"}}},
      {"generate",
       {{"sleet generate --name add_posts", "write the next migration from the schema files"},
        {"sleet generate --dry-run", "print its SQL, write nothing"},
        {"sleet generate --custom --name backfill", "an empty migration to write by hand"}}},
      {"diff",
       {{"sleet diff --from drizzle --to schema", "the migration the schema files need"},
        {"sleet diff --from /dev/null --to schema", "the whole schema, from nothing"},
        {"sleet diff --from postgres://localhost/app --to schema", "what push would do"}}},
      {"push",
       {{"sleet push --dry-run", "print what push would change"},
        {"sleet push", "make the database match the schema files (asks before data loss)"}}},
      {"pull",
       {{"sleet pull --dry-run", "print the files pull would write"},
        {"sleet pull --split tables", "one schema file per table and view, plus a baseline"}}},
      {"lint",
       {{"sleet lint", "every migration of the folder"},
        {"sleet lint --pending", "only what the database has not applied"},
        {"sleet lint --rules", "the rules and their levels"}}},
      {"rollback",
       {{"sleet rollback --dry-run", "show the down script of the last applied migration"},
        {"sleet rollback --steps 2 --yes", "undo the last two migrations"},
        {"sleet rollback --to 0002_users --yes", "undo everything after 0002_users"}}},
      {"repair", {{"sleet repair --yes", "record the new hashes of edited applied migrations"}}},
      {"verify",
       {{"sleet verify", "every migration up, down and up again in a throwaway database"},
        {"sleet verify --all", "the same for every target"}}},
      {"studio",
       {{"sleet studio", "open the studio in a browser"},
        {"sleet studio --read-only --no-open", "serve it read-only; print the address"}}},
      {"completion",
       {{"source <(sleet completion bash)", "Tab completion in this bash session"},
        {"sleet completion fish > ~/.config/fish/completions/sleet.fish", "for fish"}}},
      {"version", {{"sleet version", "print the version"}}},
      {"help", {{"sleet help migrate", "explain a command"}}},
  };
  return examples;
}

// The global flags a command reads, for commands that do not read them all (every command
// accepts every global flag; its help shows only those that change what it does).
const std::map<std::string, std::vector<std::string>>& global_flags_read() {
  static const std::vector<std::string> output_only = {"json", "verbose", "no-color"};
  static const std::vector<std::string> offline = {
      "json", "verbose", "no-color", "config", "target", "all", "env-file", "jobs", "fail-fast"};
  static const std::map<std::string, std::vector<std::string>> read = {
      {"completion", {}},
      {"version", {}},
      {"help", {}},
      {"diff", output_only},
      {"init", {"verbose", "no-color", "config"}},
      {"export", offline},
      {"generate", offline},
      {"dev", {"json", "verbose", "no-color", "config", "env-file"}},
  };
  return read;
}

std::string examples_footer(const CLI::App& app) {
  const auto& examples = command_examples(command_path(app).substr(std::string("sleet").size()));
  if (examples.empty()) return app.get_footer();
  std::ostringstream out;
  out << "Examples:\n";
  for (const auto& example : examples) {
    out << "  " << example.command << "\n      " << example.explanation << "\n";
  }
  if (!app.get_footer().empty()) out << "\n" << app.get_footer() << "\n";
  return out.str();
}

// Levenshtein distance with a swap of two neighbours counted as one edit ("stauts").
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string command_path(const CLI::App& command) {
  std::string path;
  for (const CLI::App* app = &command; app != nullptr; app = app->get_parent()) {
    path = path.empty() ? app->get_name() : app->get_name() + " " + path;
  }
  return path;
}

std::vector<std::string> flag_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_group().empty() || option->get_positional()) continue;  // hidden
    for (const auto& name : option->get_snames()) names.push_back("-" + name);
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
  }
  return names;
}

std::vector<const CLI::Option*> global_options(const CLI::App& command) {
  const CLI::App* root = &command;
  while (root->get_parent() != nullptr) root = root->get_parent();
  if (root == &command) return {};
  // The first word decides: `dev url` reads what `dev` reads.
  std::string path = command_path(command).substr(std::string("sleet ").size());
  const auto& read = global_flags_read();
  auto found = read.find(path.substr(0, path.find(' ')));
  return root->get_options([&](const CLI::Option* option) {
    if (option->get_group() != "Global") return false;
    if (found == read.end()) return true;
    const auto& names = found->second;
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& name) { return option->check_lname(name); });
  });
}

const std::vector<CommandExample>& command_examples(const std::string& path) {
  static const std::vector<CommandExample> none;
  std::string key = path;
  key.erase(0, key.find_first_not_of(' '));
  auto found = all_examples().find(key);
  return found == all_examples().end() ? none : found->second;
}

std::string HelpFormatter::make_help(const CLI::App* app, std::string,
                                     CLI::AppFormatMode mode) const {
  if (mode == CLI::AppFormatMode::Sub) return make_expanded(app);
  std::ostringstream out;
  out << make_description(app);
  out << make_usage(app, command_path(*app));
  out << make_positionals(app);
  out << make_groups(app, mode);
  out << make_subcommands(app, mode);
  // Global flags are the root's (fallthrough): a command's help shows those it reads.
  auto global = global_options(*app);
  if (!global.empty()) out << make_group("Global options", false, global);
  std::string footer = examples_footer(*app);
  if (!footer.empty()) out << "\n" << footer;
  return out.str();
}

std::optional<std::string> closest_match(const std::string& word,
                                         const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& candidate : candidates) {
    std::size_t distance = edit_distance(word, candidate);
    // A transposition or a typo or two, never half the word.
    std::size_t allowed = std::max<std::size_t>(1, std::min(word.size(), candidate.size()) / 3);
    if (distance > allowed) continue;
    if (!best || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::optional<std::string> suggestion_for(const CLI::App& command, const std::string& argument) {
  std::vector<std::string> candidates;
  if (argument.starts_with("-")) {
    std::string name = argument.substr(0, argument.find('='));
    for (const CLI::App* app = &command; app != nullptr; app = app->get_parent()) {
      auto flags = flag_names(*app);
      candidates.insert(candidates.end(), flags.begin(), flags.end());
    }
    auto match = closest_match(name, candidates);
    if (match) return fmt::format("did you mean '{}'?", *match);
    return std::nullopt;
  }
  for (const CLI::App* sub : command.get_subcommands([](const CLI::App* app) {
         return !app->get_name().empty() && !app->get_group().empty();
       })) {
    candidates.push_back(sub->get_name());
  }
  auto match = closest_match(argument, candidates);
  if (match) return fmt::format("did you mean '{}'?", command_path(command) + " " + *match);
  return std::nullopt;
}

}  // namespace sleet::cli
