#include "cli/rename_answers.h"

#include "sleet/plan.h"

namespace sleet::cli {

RenameAnswers::RenameAnswers(std::vector<RenameRule> rules, bool prompt)
    : rules_(std::move(rules), prompt ? static_cast<RenameResolver&>(terminal_) : unanswered_) {}

std::vector<std::string> hazard_names(unsigned hazards) {
  std::vector<std::string> names;
  if (hazards & kDataLoss) names.push_back("data loss");
  if (hazards & kTableRewrite) names.push_back("table rewrite");
  if (hazards & kNoTransaction) names.push_back("no transaction");
  if (hazards & kExclusiveLock) names.push_back("exclusive lock");
  if (hazards & kMayFailOnData) names.push_back("may fail on data");
  return names;
}

}  // namespace sleet::cli
