// Help as a new user reads it: what each command does, usage lines that start with `sleet`,
// the global flags a command accepts, examples, suggestions for typos, and the version.
#include <gtest/gtest.h>

#include "support/test_files.h"

namespace sleet::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliHelp, CommandHelpTeaches) {
  TemporaryDirectory dir;
  auto help = run_sleet("help migrate", dir.path());
  ASSERT_EQ(help.exit_code, 0) << help.err;
  // The first line says what the command does, then how to type it.
  EXPECT_EQ(help.out.substr(0, help.out.find('\n')),
            "Apply pending migrations (advisory lock, one transaction per migration)");
  EXPECT_TRUE(contains(help.out, "\nUsage: sleet migrate [OPTIONS]\n")) << help.out;
  for (const char* flag : {"--target", "--all", "--url", "--json", "--config", "--dry-run"}) {
    EXPECT_TRUE(contains(help.out, flag)) << flag << "\n" << help.out;
  }
  EXPECT_TRUE(contains(help.out, "Global options:")) << help.out;
  EXPECT_TRUE(contains(help.out, "Examples:\n  sleet migrate\n")) << help.out;

  // --help prints the same page.
  auto flag = run_sleet("migrate --help", dir.path());
  EXPECT_EQ(flag.exit_code, 0);
  EXPECT_EQ(flag.out, help.out);

  // Only the global flags a command reads: diff reads no sleet.toml and no target.
  auto diff = run_sleet("help diff", dir.path());
  ASSERT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_TRUE(contains(diff.out, "Global options:\n  --json")) << diff.out;
  EXPECT_FALSE(contains(diff.out, "--target")) << diff.out;
  EXPECT_FALSE(contains(diff.out, "--config")) << diff.out;

  auto nested = run_sleet("help db info", dir.path());
  ASSERT_EQ(nested.exit_code, 0) << nested.err;
  EXPECT_TRUE(contains(nested.out, "Usage: sleet db info [OPTIONS]")) << nested.out;
}

TEST(CliHelp, EveryCommandHasExamples) {
  TemporaryDirectory dir;
  for (const char* command :
       {"init",     "export", "db",     "dev",      "seed",       "reset",  "migrate", "up",
        "status",   "check",  "drop",   "generate", "diff",       "push",   "pull",    "lint",
        "rollback", "repair", "verify", "studio",   "completion", "version"}) {
    auto help = run_sleet(std::string("help ") + command, dir.path());
    ASSERT_EQ(help.exit_code, 0) << command << ": " << help.err;
    EXPECT_TRUE(contains(help.out, std::string("Examples:\n  "))) << command << "\n" << help.out;
    EXPECT_TRUE(contains(help.out, std::string("Usage: sleet ") + command)) << help.out;
  }
}

TEST(CliHelp, ExamplesRunAsPrinted) {
  // A few examples that need no database, run exactly as the help prints them.
  TemporaryDirectory dir;
  ASSERT_EQ(run_sleet("init", dir.path()).exit_code, 0);
  for (const char* example : {"export --schema 'schema/*.sql' --json", "generate --dry-run",
                              "diff --from /dev/null --to schema", "generate --name add_posts",
                              "check", "lint --rules", "version"}) {
    auto help_has = run_sleet(
        "help " + std::string(example).substr(0, std::string(example).find(' ')), dir.path());
    EXPECT_TRUE(contains(help_has.out, std::string("  sleet ") + example + "\n")) << example << "\n"
                                                                                  << help_has.out;
    auto result = run_sleet(example, dir.path());
    EXPECT_EQ(result.exit_code, 0) << example << ": " << result.err;
  }
}

TEST(CliHelp, TyposGetASuggestion) {
  TemporaryDirectory dir;
  auto command = run_sleet("stauts", dir.path());
  EXPECT_EQ(command.exit_code, 2);
  EXPECT_TRUE(contains(command.err, "did you mean 'sleet status'?")) << command.err;

  auto flag = run_sleet("migrate --dryrun", dir.path());
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_TRUE(contains(flag.err, "did you mean '--dry-run'?")) << flag.err;

  auto help = run_sleet("help db wiat", dir.path());
  EXPECT_EQ(help.exit_code, 2);
  EXPECT_TRUE(contains(help.err, "did you mean 'sleet db wait'?")) << help.err;

  // Nothing close: no guess, the way to the help instead.
  auto far = run_sleet("frobnicate", dir.path());
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_FALSE(contains(far.err, "did you mean")) << far.err;
  EXPECT_TRUE(contains(far.err, "sleet help")) << far.err;
}

TEST(CliHelp, VersionThreeWays) {
  TemporaryDirectory dir;
  const std::string expected = std::string("sleet ") + SLEET_VERSION + "\n";
  for (const char* arguments : {"--version", "-V", "version"}) {
    auto result = run_sleet(arguments, dir.path());
    EXPECT_EQ(result.exit_code, 0) << arguments;
    EXPECT_EQ(result.out, expected) << arguments;
  }
}

}  // namespace
}  // namespace sleet::testing
