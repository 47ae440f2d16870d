// Who answers rename questions for commands that diff schemas (generate, diff): the given
// rules first (flags before config entries), then the terminal when one can be asked, else
// nobody, so the command fails listing every question with the --rename flags that answer it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cli/rename_prompt.h"
#include "sleet/config.h"
#include "sleet/rename_resolvers.h"

namespace sleet::cli {

// The resolver chain for one diff. Pass resolver() to diff_schemas, then call
// throw_if_unanswered(): without a terminal, unanswered questions are treated as "new" so the
// diff can finish, and only then reported. Not copyable, not thread-safe.
class RenameAnswers {
 public:
  // `prompt`: ask unanswered questions on the terminal (callers pass can_prompt() && !json).
  RenameAnswers(std::vector<RenameRule> rules, bool prompt);
  RenameAnswers(const RenameAnswers&) = delete;
  RenameAnswers& operator=(const RenameAnswers&) = delete;

  RenameResolver& resolver() { return rules_; }
  // Called before a question is asked on the terminal (a progress line clears itself).
  void before_asking(std::function<void()> hook) { terminal_.before_asking = std::move(hook); }
  // Throws Error(Usage) listing the questions nobody answered; does nothing otherwise.
  void throw_if_unanswered() const { unanswered_.throw_if_unanswered(); }
  // Rules no question matched.
  std::vector<RenameRule> unused_rules() const { return rules_.unused_rules(); }

 private:
  CollectingRenameResolver unanswered_;
  TerminalRenameResolver terminal_;
  RuleRenameResolver rules_;  // declared last: it refers to one of the two above
};

// The rules a command answers rename questions with: each --rename flag (origin
// "--rename"), then `target`'s `renames` entries (origin "<sleet.toml>:renames"; none when
// `target` is nullptr). Throws Error(Usage) naming the origin for a rule that does not parse.
std::vector<RenameRule> rename_rules(const std::vector<std::string>& flags, const Target* target);

// Throws Error(Usage) for the first --rename flag among `unused`, which answered no question
// (a config entry may: it answers questions of other runs); `how_to_see` ends the hint, e.g.
// "sleet push --dry-run shows the changes".
void throw_if_unused_flag(const std::vector<RenameRule>& unused, const std::string& how_to_see);


}  // namespace sleet::cli
