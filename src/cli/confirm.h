// Guards for destructive commands: a confirmation at a terminal, --force without one, and a
// refusal in production environments.
#pragma once

#include <string>

#include "cli/cli.h"

namespace sleet::cli {

// True when SLEET_ENV or NODE_ENV is "production" in `environment`.
bool is_production(const Environment& environment);

struct DestructiveFlags {
  bool force = false;             // --force: no question asked
  bool force_production = false;  // --force-production: allowed in production too
};

// Returns when `action` (e.g. "drop database app") may go ahead: refused (Usage) in a
// production environment without --force-production; with --force at once; at a terminal
// after the user answers yes; without a terminal never (Usage, hint: --force). A "no" at
// the terminal throws Failure ("aborted, nothing changed").
void confirm_destructive(const std::string& action, const DestructiveFlags& flags,
                         const Environment& environment);

// Asks `question` (ending with "?") at the terminal with a [y/N] suffix; true for y or yes.
// Callers check can_prompt() first.
bool ask_yes_no(const std::string& question);

// Adds --force and --force-production to `command`.
void add_destructive_flags(CLI::App* command, DestructiveFlags& flags);

}  // namespace sleet::cli
