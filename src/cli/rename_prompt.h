// Asking rename questions on the terminal, drizzle-kit style: a menu of "create" and one
// "rename from" entry per candidate, chosen with the arrow keys and Enter.
#pragma once

#include <functional>

#include "sleet/diff.h"

namespace sleet::cli {

// True when standard input and standard output are both terminals.
bool can_prompt();

// Asks each question on the terminal (stdin/stdout must be terminals: see can_prompt()).
// The terminal is put in raw mode only while a menu is shown and restored on every exit,
// including Ctrl-C and termination signals. Ctrl-C or end of input throws
// Error(Failure, "aborted, nothing written").
class TerminalRenameResolver : public RenameResolver {
 public:
  std::optional<std::string> renamed_from(const RenameQuestion& question) override;

  // Called before each question is shown: a command's live progress line erases itself here.
  std::function<void()> before_asking;
};

}  // namespace sleet::cli
