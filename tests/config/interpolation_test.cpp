#include <gtest/gtest.h>

#include "config_test_support.h"

namespace sleet::config_test {
namespace {

using Strings = std::vector<std::string>;

TEST(Interpolation, ReplacesVariablesInEveryStringValue) {
  Config config = parse(R"(
url = "postgres://${DB_USER}@${DB_HOST}/app"
schema = ["${SCHEMA_DIR}/*.sql", "extra/${SCHEMA_DIR}.sql"]
[migrations]
schema = "${TRACKING}"
[targets.auth]
database = "${SERVICE_PREFIX}_auth"
)",
                        {{"DB_USER", "app"},
                         {"DB_HOST", "db.internal"},
                         {"SCHEMA_DIR", "sql"},
                         {"TRACKING", "ops"},
                         {"SERVICE_PREFIX", "staging"}});
  const Target& auth = config.targets[0];
  EXPECT_EQ(auth.database, "staging_auth");
  EXPECT_FALSE(auth.url);
  EXPECT_EQ(auth.schema, (Strings{"/project/sql/*.sql", "/project/extra/sql.sql"}));
  EXPECT_EQ(auth.migrations_schema, "ops");
}

TEST(Interpolation, TopLevelUrlIsInterpolated) {
  Config config = parse("url = \"postgres://${DB_USER}@${DB_HOST}/app\"",
                        {{"DB_USER", "app"}, {"DB_HOST", "db.internal"}});
  EXPECT_EQ(config.targets[0].url, "postgres://app@db.internal/app");
}

TEST(Interpolation, DefaultsApplyWhenUnsetOrEmpty) {
  const char* text = "database = \"${DB_NAME:-app_dev}\"";
  EXPECT_EQ(parse(text).targets[0].database, "app_dev");
  EXPECT_EQ(parse(text, {{"DB_NAME", ""}}).targets[0].database, "app_dev");
  EXPECT_EQ(parse(text, {{"DB_NAME", "app_prod"}}).targets[0].database, "app_prod");
  // A fallback may itself refer to a variable, and may contain ":-" and "}"-free text.
  EXPECT_EQ(parse("database = \"${A:-${B:-x:-y}}\"", {{"B", "from_b"}}).targets[0].database,
            "from_b");
  EXPECT_EQ(parse("database = \"${A:-${B:-x:-y}}\"").targets[0].database, "x:-y");
}

TEST(Interpolation, SetButEmptyVariableWithoutDefaultIsEmpty) {
  EXPECT_EQ(parse("tables_filter = [\"a${SUFFIX}\"]", {{"SUFFIX", ""}}).targets[0].tables_filter,
            Strings{"a"});
}

TEST(Interpolation, DoubleDollarIsALiteralDollar) {
  Target target = parse(R"(url = "postgres://u:pa$$word@h/db"
tables_filter = ["$${NOT_A_VAR}", "cost$", "a$b"])")
                      .targets[0];
  EXPECT_EQ(target.url, "postgres://u:pa$word@h/db");
  EXPECT_EQ(target.tables_filter, (Strings{"${NOT_A_VAR}", "cost$", "a$b"}));
}

TEST(Interpolation, ValuesAreNotInterpolatedTwice) {
  EXPECT_EQ(parse("database = \"${A}\"", {{"A", "${B}"}, {"B", "no"}}).targets[0].database, "${B}");
}

TEST(Interpolation, UnsetVariableNamesTheKeyAndTheVariable) {
  // In a target the error waits until that target is selected: another service's
  // variables need not be set where this one runs.
  Config config = parse_config(
      "[targets.auth]\n\nout = \"${AUTH_OUT}\"\n[targets.users]\ndatabase = \"u\"\n",
      kConfigPath, Environment::from_map({}));
  EXPECT_EQ(select_targets(config, std::string("users"), false, Environment::from_map({})).size(), 1u);
  Error error(ErrorKind::Failure, "not thrown");
  try {
    select_targets(config, std::string("auth"), false, Environment::from_map({}));
    FAIL() << "selecting a target with an unset variable must fail";
  } catch (const Error& e) {
    error = e;
  }
  EXPECT_THROW(select_targets(config, std::nullopt, true, Environment::from_map({})), Error);
  EXPECT_EQ(error.kind(), ErrorKind::Usage);
  EXPECT_EQ(std::string(error.what()), "`targets.auth.out` uses ${AUTH_OUT}, which is not set");
  EXPECT_EQ(error.where(), "/project/sleet.toml:3:7");
  EXPECT_NE(error.hint().find("${AUTH_OUT:-value}"), std::string::npos) << error.hint();

  error = parse_error("extensions = [\"ok\", \"${EXT}\"]", {{"OTHER", "x"}});
  EXPECT_EQ(std::string(error.what()), "`extensions` uses ${EXT}, which is not set");
  EXPECT_EQ(error.where(), "/project/sleet.toml:1:21");
}

TEST(Interpolation, UnsetVariableInTheConnectionFailsOnlyWhenConnecting) {
  // `url` and `database` are read only by commands that connect, so generate and check
  // work on a machine without the variable; the target carries the error for the others.
  Config config = parse_config(
      "[targets.auth]\n\nurl = \"${AUTH_DATABASE_URL}\"\n[targets.users]\n"
      "database = \"${USERS_DB}\"\n",
      kConfigPath, Environment::from_map({}));
  auto auth = select_targets(config, std::string("auth"), false, Environment::from_map({}));
  ASSERT_EQ(auth.size(), 1u);
  EXPECT_FALSE(auth[0].url);
  ASSERT_TRUE(auth[0].connection_unset);
  EXPECT_EQ(std::string(auth[0].connection_unset->what()),
            "`targets.auth.url` uses ${AUTH_DATABASE_URL}, which is not set");
  EXPECT_EQ(auth[0].connection_unset->where(), "/project/sleet.toml:3:7");
  EXPECT_EQ(auth[0].connection_unset->kind(), ErrorKind::Usage);
  auto all = select_targets(config, std::nullopt, true, Environment::from_map({}));
  ASSERT_EQ(all.size(), 2u);
  ASSERT_TRUE(all[1].connection_unset);
  EXPECT_EQ(std::string(all[1].connection_unset->what()),
            "`targets.users.database` uses ${USERS_DB}, which is not set");
  Config set = parse_config("url = \"${DATABASE_URL}\"\n", kConfigPath,
                            Environment::from_map({{"DATABASE_URL", "postgres://h/d"}}));
  EXPECT_EQ(set.targets[0].url, "postgres://h/d");
  EXPECT_FALSE(set.targets[0].connection_unset);
}

TEST(Interpolation, MalformedReferencesAreErrors) {
  Error error = parse_error("out = \"${OUT_DIR\"");
  EXPECT_EQ(std::string(error.what()), "`out` has an unterminated ${...} reference");
  EXPECT_EQ(error.where(), "/project/sleet.toml:1:7");
  EXPECT_EQ(std::string(parse_error("out = \"${1DIR}\"").what()),
            "`out` has an invalid reference ${1DIR}");
  EXPECT_EQ(std::string(parse_error("out = \"${A-b}\"").what()),
            "`out` has an invalid reference ${A-b}");
  EXPECT_EQ(std::string(parse_error("out = \"${}\"").what()), "`out` has an invalid reference ${}");
}

TEST(Interpolation, ProcessEnvironmentReadsRealVariables) {
  ::setenv("SLEET_CONFIG_TEST_VARIABLE", "from_process", 1);
  Environment environment = Environment::process();
  EXPECT_EQ(environment.get("SLEET_CONFIG_TEST_VARIABLE"), "from_process");
  EXPECT_FALSE(environment.get("SLEET_CONFIG_TEST_UNSET_VARIABLE"));
  Config config =
      parse_config("database = \"${SLEET_CONFIG_TEST_VARIABLE}\"", kConfigPath, environment);
  EXPECT_EQ(config.targets[0].database, "from_process");
  ::unsetenv("SLEET_CONFIG_TEST_VARIABLE");
}

}  // namespace
}  // namespace sleet::config_test
