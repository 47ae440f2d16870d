// sleet db info|wait: where sleet connects, and waiting for the server to accept.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli.h"

namespace sleet::cli {

namespace {

// The targets to connect to: the selected config targets, or none (flags and environment
// only) when there is no sleet.toml.
std::vector<std::optional<Target>> connection_targets(Project& project) {
  std::vector<std::optional<Target>> out;
  if (!project.has_config()) {
    out.emplace_back(std::nullopt);
    return out;
  }
  for (auto& target : project.targets()) out.emplace_back(std::move(target));
  return out;
}

void run_info(Context& context) {
  Output output(context.options);
  Project project(context.options);
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  for (const auto& target : connection_targets(project)) {
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
      json.push_back({{"target", target ? target->name : ""},
                      {"connection", resolved.settings.describe()},
                      {"server_version", version_text},
                      {"sources", resolved.sources}});
    } else {
      output.line(fmt::format("{}: connected to {} (PostgreSQL {})", label,
                              resolved.settings.describe(), version_text));
    }
  }
  if (context.options.json) std::cout << json.dump(2) << '\n';
}

void run_wait(Context& context, double seconds) {
  Output output(context.options);
  Project project(context.options);
  for (const auto& target : connection_targets(project)) {
    db::ResolvedConnection resolved = project.connection(target ? &*target : nullptr,
                                                         [&](const std::string& line) { output.info(line); });
    output.note(fmt::format("waiting up to {}s for {}", seconds, resolved.settings.describe()));
    db::wait_for_server(resolved.settings, seconds);
    output.line(fmt::format("{} accepts connections", resolved.settings.describe()));
  }
}

}  // namespace

void register_db(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("db", "Database helpers: info, wait");
  command->require_subcommand(1);

  auto* info = command->add_subcommand(
      "info", "Connect and show where sleet connects (--verbose: where each setting came from)");
  info->callback([&context] { run_info(context); });

  auto* wait = command->add_subcommand("wait", "Wait until the database accepts connections");
  auto seconds = std::make_shared<double>(30);
  wait->add_option("--timeout", *seconds, "Seconds to wait (default 30)");
  wait->callback([&context, seconds] { run_wait(context, *seconds); });
}

}  // namespace sleet::cli
