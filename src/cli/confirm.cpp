#include "cli/confirm.h"

#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "sleet/error.h"

namespace sleet::cli {

bool is_production(const Environment& environment) {
  for (const char* name : {"SLEET_ENV", "NODE_ENV"}) {
    if (environment.get(name).value_or("") == "production") return true;
  }
  return false;
}

void confirm_destructive(const std::string& action, const DestructiveFlags& flags,
                         const Environment& environment) {
  if (is_production(environment) && !flags.force_production) {
    throw Error(ErrorKind::Usage,
                fmt::format("refusing to {}: this environment is marked production "
                            "(SLEET_ENV or NODE_ENV)",
                            action),
                "", "if you really mean it, pass --force-production");
  }
  if (flags.force) return;
  if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
    throw Error(ErrorKind::Usage, fmt::format("{} needs confirmation, and there is no terminal to ask", action),
                "", "pass --force to go ahead without a question");
  }
  if (!ask_yes_no(fmt::format("About to {}. This cannot be undone. Continue?", action))) {
    throw Error(ErrorKind::Failure, "aborted, nothing changed");
  }
}

bool ask_yes_no(const std::string& question) {
  std::cout << question << " [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

void add_destructive_flags(CLI::App* command, DestructiveFlags& flags) {
  command->add_flag("--force", flags.force, "Do it without asking (required without a terminal)");
  command->add_flag("--force-production", flags.force_production,
                    "Allow it even when SLEET_ENV/NODE_ENV is production");
}

}  // namespace sleet::cli
