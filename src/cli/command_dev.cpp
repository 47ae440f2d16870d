// sleet dev start|stop|status|url|psql: the project's private development database.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/target_runner.h"
#include "sleet/dev_database.h"
#include "sleet/error.h"

namespace sleet::cli {

namespace {

void run_start(Context& context) {
  Output output(context.options);
  Project project(context.options);
  DevDatabase dev(project.project_directory());
  bool started = dev.start();
  auto settings = dev.settings();
  output.line(fmt::format("development database {} at {}", started ? "started" : "already running",
                          settings.describe()));
}

void run_stop(Context& context) {
  Output output(context.options);
  Project project(context.options);
  DevDatabase dev(project.project_directory());
  output.line(dev.stop() ? "development database stopped" : "development database was not running");
}

int run_status(Context& context) {
  Output output(context.options);
  Project project(context.options);
  DevDatabase dev(project.project_directory());
  auto port = dev.running_port();
  if (context.options.json) {
    nlohmann::ordered_json json{{"initialized", dev.is_initialized()},
                                {"running", port.has_value()},
                                {"directory", dev.directory().string()}};
    if (port) json["url"] = dev.settings().url(false);
    json_document().add(std::move(json));
  } else if (port) {
    output.line(fmt::format("running at {} ({})", dev.settings().describe(),
                            dev.directory().string()));
  } else {
    output.line(dev.is_initialized() ? "stopped (run `sleet dev start`)"
                                     : "not created yet (run `sleet dev start`)");
  }
  return port ? 0 : 1;
}

void run_url(Context& context, const std::string& database, bool with_password) {
  Project project(context.options);
  DevDatabase dev(project.project_directory());
  std::string url = dev.settings(database).url(with_password);
  if (context.options.json) {
    json_document().add({{"url", url}});
  } else {
    std::cout << url << '\n';
  }
}

[[noreturn]] void run_psql(Context& context, const std::string& database,
                           const std::vector<std::string>& extra) {
  Project project(context.options);
  DevDatabase dev(project.project_directory());
  dev.start();
  auto settings = dev.settings(database);
  // The password goes through the environment, never the command line (visible in ps).
  setenv("PGPASSWORD", settings.password.c_str(), 1);
  std::vector<std::string> arguments{"psql", "-h", settings.host, "-p",
                                     std::to_string(settings.port), "-U", settings.user,
                                     "-d", settings.database};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  execvp("psql", argv.data());
  throw Error(ErrorKind::Failure, "cannot run psql", "", "install postgresql-client");
}

}  // namespace

void register_dev(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "dev", "The project's private development database (.sleet/dev): start, stop, status, url, psql");
  command->require_subcommand(1);
  command->add_subcommand("start", "Create (first time) and start the development database")
      ->callback([&context] { run_start(context); });
  command->add_subcommand("stop", "Stop the development database")->callback([&context] {
    run_stop(context);
  });
  command->add_subcommand("status", "Is it running? (exit 0 running, 1 not)")
      ->callback([&context] {
        int code = run_status(context);
        if (code != 0) throw ExitStatus{code};
      });
  auto database = std::make_shared<std::string>("postgres");
  auto with_password = std::make_shared<bool>(false);
  auto* url = command->add_subcommand("url", "Print the connection URL (without the password)");
  url->add_option("--database", *database, "Database name (default postgres)");
  url->add_flag("--with-password", *with_password,
                "Include the password (only when you need it in a URL; it is secret)");
  url->callback([&context, database, with_password] {
    run_url(context, *database, *with_password);
  });
  auto psql_arguments = std::make_shared<std::vector<std::string>>();
  auto* psql = command->add_subcommand("psql", "Open psql on the development database");
  psql->add_option("--database", *database, "Database name (default postgres)");
  psql->add_option("arguments", *psql_arguments, "Arguments for psql (after --)");
  psql->callback([&context, database, psql_arguments] {
    run_psql(context, *database, *psql_arguments);
  });
}

}  // namespace sleet::cli
