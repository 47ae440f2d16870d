// sleet db info|wait: where sleet connects, and waiting for the server to accept.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/confirm.h"
#include "cli/target_runner.h"
#include "cli/undo.h"

namespace sleet::cli {

namespace {

void run_info(Context& context) {
  Output output(context.options);
  Project project(context.options);
  for (const auto& target : project.targets_or_none()) {
    db::ResolvedConnection resolved = project.connection(target ? &*target : nullptr,
                                                         [&](const std::string& line) { output.info(line); });
    std::string label = target ? target->name : "(no config)";
    if (output.verbose()) {
      for (const auto& [key, source] : resolved.sources) {
        output.note(fmt::format("{}: {} from {}", label, key, source));
      }
    }
    db::Connection connection(resolved.settings);
    int version = connection.server_version();
    std::string version_text = fmt::format("{}.{}", version / 10000, version % 10000);
    if (context.options.json) {
      json_document().add({{"target", target ? target->name : ""},
                           {"connection", resolved.settings.describe()},
                           {"server_version", version_text},
                           {"sources", resolved.sources}});
    } else {
      output.line(fmt::format("{}: connected to {} (PostgreSQL {})", label,
                              resolved.settings.describe(), version_text));
    }
  }
}

void run_wait(Context& context, double seconds) {
  Output output(context.options);
  Project project(context.options);
  for (const auto& target : project.targets_or_none()) {
    db::ResolvedConnection resolved =
        project.connection(target ? &*target : nullptr,
                           [&](const std::string& line) { output.info(line); },
                           ConnectionUse{true});
    std::string server = resolved.settings.describe();
    ProgressLine progress(output.error_stream(), output.progress_mode());
    progress.show_waiting(server, seconds);
    db::wait_for_server(resolved.settings, seconds);
    progress.clear();
    json_document().add({{"target", target ? target->name : ""}, {"accepts_connections", true}});
    output.line(fmt::format("{} accepts connections", resolved.settings.describe()));
  }
}

void run_create(Context& context) {
  Output output(context.options);
  Project project(context.options);
  for (const auto& target : project.targets_or_none()) {
    auto resolved = project.connection(target ? &*target : nullptr,
                                       [&](const std::string& line) { output.info(line); });
    bool created = db::create_database_if_missing(resolved.settings);
    json_document().add({{"target", target ? target->name : ""}, {"created", created}});
    output.line(fmt::format("{} {}", resolved.settings.describe(),
                            created ? "created" : "already exists"));
  }
}

void run_drop(Context& context, const DestructiveFlags& flags) {
  Output output(context.options);
  Project project(context.options);
  for (const auto& target : project.targets_or_none()) {
    auto resolved = project.connection(target ? &*target : nullptr,
                                       [&](const std::string& line) { output.info(line); });
    const auto& settings = resolved.settings;
    if (settings.database == "postgres" || settings.database == "template0" ||
        settings.database == "template1") {
      throw Error(ErrorKind::Usage, fmt::format("refusing to drop the system database {}", settings.database),
                  settings.describe(), "name the application's database with --url or `database` in sleet.toml");
    }
    confirm_destructive(fmt::format("drop database {} on {}", settings.database, settings.describe()),
                        flags, project.environment());
    bool dropped = db::drop_database(settings, flags.force);
    json_document().add({{"target", target ? target->name : ""}, {"dropped", dropped}});
    output.line(fmt::format("{} {}", settings.describe(), dropped ? "dropped" : "did not exist"));
  }
}

}  // namespace

void register_db(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("db", "Database helpers: info, wait, create, drop, restore");
  command->require_subcommand(1);

  auto* info = command->add_subcommand(
      "info", "Connect and show where sleet connects (--verbose: where each setting came from)");
  info->callback([&context] { run_info(context); });

  auto* wait = command->add_subcommand("wait", "Wait until the database accepts connections");
  auto seconds = std::make_shared<double>(30);
  wait->add_option("--timeout", *seconds, "Seconds to wait (default 30)");
  wait->callback([&context, seconds] { run_wait(context, *seconds); });

  command->add_subcommand("create", "Create the target's database when it does not exist")
      ->callback([&context] { run_create(context); });

  auto flags = std::make_shared<DestructiveFlags>();
  auto* drop = command->add_subcommand(
      "drop", "Drop the target's database (asks at a terminal; --force otherwise)");
  add_destructive_flags(drop, *flags);
  drop->callback([&context, flags] { run_drop(context, *flags); });

  register_restore(*command, context);
}

}  // namespace sleet::cli
