#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "cli/cli.h"
#include "cli/help.h"
#include "cli/scratch_database.h"
#include "cli/target_runner.h"
#include "cli/undo.h"
#include "sleet/error.h"

namespace {

constexpr const char* kDescription =
    "sleet: schema migrations for PostgreSQL, compatible with drizzle-kit's folders.\n"
    "Exit codes: 0 success, 1 the work failed, 2 bad usage or configuration, 3 cannot reach\n"
    "the database.";

void add_global_options(CLI::App& app, sleet::cli::GlobalOptions& options) {
  app.add_flag("--json", options.json, "Print machine-readable JSON")->group("Global");
  app.add_flag("-v,--verbose", options.verbose, "Explain what is happening")->group("Global");
  app.add_flag("--no-color", options.no_color, "No colours (also: NO_COLOR)")->group("Global");
  app.add_option("--config", options.config_path, "Path to sleet.toml (default: search upward)")
      ->group("Global");
  app.add_option("--target", options.target, "Target (database) to work on (default: SERVICE)")
      ->group("Global");
  app.add_flag("--all", options.all, "Work on every target")->group("Global");
  app.add_option("--url", options.url, "Database URL (overrides config and environment)")
      ->group("Global");
  app.add_option("--env-file", options.env_file, "Read variables from this file (default: .env)")
      ->group("Global");
  app.add_option(
         "--jobs", options.jobs,
         "With --all: targets at once (default: one per core); with tenants: tenants at once")
      ->group("Global");
  app.add_flag("--fail-fast", options.fail_fast,
               "With --all or tenants: start no target or tenant after one failed")
      ->group("Global");
  app.add_flag("--dev", options.dev,
               "Use the project's development database (.sleet/dev), started when needed")
      ->group("Global");
}

// What to say after a parse error: the command or flag the user probably meant, else where
// to read the help of the command being parsed.
std::string parse_error_hint(const CLI::App& app) {
  const CLI::App* command = &app;
  while (!command->get_subcommands().empty()) command = command->get_subcommands().front();
  for (const std::string& argument : app.remaining(true)) {
    if (auto suggestion = sleet::cli::suggestion_for(*command, argument)) return *suggestion;
  }
  std::string path = sleet::cli::command_path(*command);
  return command == &app ? "run 'sleet help' or 'sleet help COMMAND'"
                         : fmt::format("run '{} --help'", path);
}

// Parses and runs the command; returns its exit code. With --json, a failure is recorded in
// the document as well as printed on stderr; `help_printed` is set for --help and --version,
// which print no document.
int run(CLI::App& app, const sleet::cli::GlobalOptions& options, int argc, char** argv,
        bool& help_printed) {
  auto failed = [&](const sleet::Error& error) {
    sleet::cli::Output(options).error(error.describe());
    sleet::cli::json_document().add_final_error(options.target, sleet::cli::error_json(error));
    return error.exit_code();
  };
  try {
    app.parse(argc, argv);
    if (app.get_subcommands().empty()) {
      std::cout << app.help();
    }
  } catch (const sleet::cli::ExitStatus& status) {
    return status.code;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help, --version
      help_printed = true;
      return app.exit(e);
    }
    return failed(sleet::Error(sleet::ErrorKind::Usage, e.what(), "", parse_error_hint(app)));
  } catch (const sleet::Error& e) {
    return failed(e);
  } catch (const std::exception& e) {
    sleet::cli::Output(options).error(fmt::format("unexpected failure: {}", e.what()));
    sleet::cli::json_document().add_final_error(
        options.target, {{"message", std::string("unexpected failure: ") + e.what()},
                         {"where", ""},
                         {"hint", ""},
                         {"exit_code", 1}});
    return 1;
  }
  return 0;
}

// Commands whose output is not a document: help, version, shell scripts, manual pages, and
// the studio (a server until stopped).
bool prints_json_document(const std::string& command) {
  static const std::vector<std::string> exempt = {"",           "help",  "version", "completion",
                                                  "__complete", "__man", "studio",  "dev psql"};
  return std::find(exempt.begin(), exempt.end(), command) == exempt.end();
}

// The one --json document (docs/json.md), on stdout after the command ran or failed.
void print_json_document(const CLI::App& app, const sleet::cli::GlobalOptions& options,
                         int exit_code) {
  const CLI::App* command = &app;
  while (!command->get_subcommands().empty()) command = command->get_subcommands().front();
  std::string path = command == &app ? "" : sleet::cli::command_path(*command);
  if (path.rfind("sleet ", 0) == 0) path = path.substr(6);
  if (!prints_json_document(path)) return;
  std::cout << sleet::cli::json_document().document(path, exit_code, options.target).dump(2)
            << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  // Not a command: the process verify starts to drop its scratch database when verify dies.
  if (argc == 2 && std::string(argv[1]) == "__verify-reaper") {
    return sleet::cli::run_scratch_reaper();
  }
  sleet::cli::tune_allocator();
  sleet::cli::GlobalOptions options;
  CLI::App app(kDescription, "sleet");
  app.formatter(std::make_shared<sleet::cli::HelpFormatter>());
  const std::string version = std::string("sleet ") + SLEET_VERSION;
  app.set_version_flag("-V,--version", version);
  app.require_subcommand(0, 1);
  app.fallthrough();
  add_global_options(app, options);

  sleet::cli::Context context{options};
  sleet::cli::register_init(app, context);
  sleet::cli::register_export(app, context);
  sleet::cli::register_db(app, context);
  sleet::cli::register_dev(app, context);
  sleet::cli::register_seed(app, context);
  sleet::cli::register_reset(app, context);
  sleet::cli::register_migrate(app, context);
  sleet::cli::register_up(app, context);
  sleet::cli::register_status(app, context);
  sleet::cli::register_check(app, context);
  sleet::cli::register_drop(app, context);
  sleet::cli::register_rebase(app, context);
  sleet::cli::register_convert(app, context);
  sleet::cli::register_generate(app, context);
  sleet::cli::register_diff(app, context);
  sleet::cli::register_push(app, context);
  sleet::cli::register_pull(app, context);
  sleet::cli::register_lint(app, context);
  sleet::cli::register_rollback(app, context);
  sleet::cli::register_repair(app, context);
  sleet::cli::register_verify(app, context);
  sleet::cli::register_studio(app, context);

  sleet::cli::register_completion(app);
  sleet::cli::register_manual(app);
  app.add_subcommand("version", "Print sleet's version (like --version)")->callback([&] {
    std::cout << version << '\n';
  });

  auto* help = app.add_subcommand("help", "Show help for a command: sleet help COMMAND");
  std::vector<std::string> help_topic;
  help->add_option("command", help_topic, "The command to explain (db info: two words)");
  help->callback([&] {
    CLI::App* command = &app;
    for (const std::string& word : help_topic) {
      CLI::App* sub = nullptr;
      try {
        sub = command->get_subcommand(word);
      } catch (const CLI::OptionNotFound&) {
      }
      if (!sub) {
        auto suggestion = sleet::cli::suggestion_for(*command, word);
        throw sleet::Error(sleet::ErrorKind::Usage, fmt::format("unknown command '{}'", word), "",
                           suggestion ? *suggestion : "run 'sleet help' for the list of commands");
      }
      command = sub;
    }
    std::cout << command->help();
  });

  bool help_printed = false;
  int exit_code = run(app, options, argc, argv, help_printed);
  if (options.json && !help_printed) print_json_document(app, options, exit_code);
  return exit_code;
}
