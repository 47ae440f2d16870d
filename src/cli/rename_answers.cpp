#include "cli/rename_answers.h"

#include <fmt/format.h>

#include "sleet/plan.h"

namespace sleet::cli {

RenameAnswers::RenameAnswers(std::vector<RenameRule> rules, bool prompt)
    : rules_(std::move(rules), prompt ? static_cast<RenameResolver&>(terminal_) : unanswered_) {}

std::vector<RenameRule> rename_rules(const std::vector<std::string>& flags, const Target* target) {
  std::vector<RenameRule> rules;
  for (const auto& spec : flags) rules.push_back(parse_rename_rule(spec, "--rename"));
  if (target) {
    std::string origin = fmt::format("{}:renames", target->config_file.string());
    for (const auto& spec : target->renames) rules.push_back(parse_rename_rule(spec, origin));
  }
  return rules;
}

void throw_if_unused_flag(const std::vector<RenameRule>& unused, const std::string& how_to_see) {
  for (const RenameRule& rule : unused) {
    if (rule.origin != "--rename") continue;
    throw Error(ErrorKind::Usage,
                fmt::format("--rename {} answers no question: nothing was dropped and created "
                            "there",
                            rule.spec),
                "--rename", "check the names (" + how_to_see + ")");
  }
}

}  // namespace sleet::cli
