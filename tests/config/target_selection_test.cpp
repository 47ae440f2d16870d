#include <gtest/gtest.h>

#include "config_test_support.h"

namespace sleet::config_test {
namespace {

const char* kThreeTargets = R"(
[targets.auth]
database = "auth_db"
[targets.billing]
database = "billing_db"
[targets.users]
database = "user_db"
)";

std::vector<std::string> names(const std::vector<Target>& targets) {
  std::vector<std::string> result;
  for (const auto& target : targets) result.push_back(target.name);
  return result;
}

Error selection_error(const Config& config, std::optional<std::string> flag, bool all,
                      std::map<std::string, std::string> variables = {}) {
  return error_from(
      [&] { select_targets(config, flag, all, Environment::from_map(std::move(variables))); });
}

TEST(SelectTargets, FlagChoosesOneTarget) {
  Config config = parse(kThreeTargets);
  auto selected = select_targets(config, "billing", false, Environment::from_map({}));
  ASSERT_EQ(selected.size(), 1u);
  EXPECT_EQ(selected[0].name, "billing");
  EXPECT_EQ(selected[0].database, "billing_db");
}

TEST(SelectTargets, ServiceVariableChoosesWhenNoFlag) {
  Config config = parse(kThreeTargets);
  EXPECT_EQ(
      names(select_targets(config, std::nullopt, false, Environment::from_map({{"SERVICE", "users"}}))),
      std::vector<std::string>{"users"});
  // The flag wins over the variable.
  EXPECT_EQ(names(select_targets(config, "auth", false, Environment::from_map({{"SERVICE", "users"}}))),
            std::vector<std::string>{"auth"});
}

TEST(SelectTargets, AllChoosesEveryTargetInNameOrder) {
  Config config = parse(kThreeTargets);
  EXPECT_EQ(
      names(select_targets(config, std::nullopt, true, Environment::from_map({{"SERVICE", "users"}}))),
      (std::vector<std::string>{"auth", "billing", "users"}));
}

TEST(SelectTargets, OnlyTargetIsChosenWithoutAsking) {
  Config single = parse("[targets.auth]\ndatabase = \"auth_db\"\n");
  EXPECT_EQ(names(select_targets(single, std::nullopt, false, Environment::from_map({}))),
            std::vector<std::string>{"auth"});
  Config implicit = parse("database = \"app\"");
  EXPECT_EQ(names(select_targets(implicit, std::nullopt, false, Environment::from_map({}))),
            std::vector<std::string>{"default"});
  EXPECT_EQ(names(select_targets(implicit, "default", false, Environment::from_map({}))),
            std::vector<std::string>{"default"});
}

TEST(SelectTargets, ServiceIsIgnoredWithoutATargetsSection) {
  Config implicit = parse("database = \"app\"");
  EXPECT_EQ(
      names(select_targets(implicit, std::nullopt, false, Environment::from_map({{"SERVICE", "web"}}))),
      std::vector<std::string>{"default"});
}

TEST(SelectTargets, SeveralTargetsAndNoChoiceIsAUsageError) {
  Error error = selection_error(parse(kThreeTargets), std::nullopt, false);
  EXPECT_EQ(error.kind(), ErrorKind::Usage);
  EXPECT_EQ(std::string(error.what()),
            "3 targets are defined (auth, billing, users) and none was chosen");
  EXPECT_EQ(error.where(), "/project/sleet.toml");
  EXPECT_EQ(error.hint(),
            "pass --target NAME (e.g. --target auth), set SERVICE=NAME, or pass --all");
  // An empty SERVICE is no choice either.
  EXPECT_EQ(selection_error(parse(kThreeTargets), std::nullopt, false, {{"SERVICE", ""}}).kind(),
            ErrorKind::Usage);
}

TEST(SelectTargets, UnknownNameListsValidTargetsAndTheNearest) {
  Error error = selection_error(parse(kThreeTargets), "auht", false);
  EXPECT_EQ(error.kind(), ErrorKind::Usage);
  EXPECT_EQ(std::string(error.what()), "unknown target `auht` (from --target)");
  EXPECT_EQ(error.hint(), "did you mean `auth`? valid targets: auth, billing, users");

  error = selection_error(parse(kThreeTargets), std::nullopt, false, {{"SERVICE", "payments"}});
  EXPECT_EQ(std::string(error.what()), "unknown target `payments` (from the SERVICE variable)");
  EXPECT_EQ(error.hint(), "valid targets: auth, billing, users");

  error = selection_error(parse("database = \"app\""), "auth", false);
  EXPECT_NE(std::string(error.what()).find("only target is `default`"), std::string::npos);
}

TEST(SelectTargets, TargetAndAllTogetherIsAUsageError) {
  Error error = selection_error(parse(kThreeTargets), "auth", true);
  EXPECT_EQ(error.kind(), ErrorKind::Usage);
  EXPECT_EQ(std::string(error.what()), "--target and --all cannot be used together");
}

}  // namespace
}  // namespace sleet::config_test
