// Tab completion as a shell runs it: the script `sleet completion bash` prints is sourced
// into bash, _sleet is called with COMP_WORDS/COMP_CWORD as bash sets them, and COMPREPLY is
// what the user would see. Target names and migration tags come from the project on disk.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

// Runs `commands` with bash in `directory`, the built sleet first on the PATH; its output.
std::string run_bash(const fs::path& directory, const std::string& commands) {
  fs::path script = directory / "completion_test.bash";
  {
    std::FILE* file = std::fopen(script.c_str(), "w");
    std::fputs(("cd '" + directory.string() + "' || exit 1\n" + "PATH='" +
                fs::path(SLEET_BINARY).parent_path().string() + "':\"$PATH\"\n" + commands)
                   .c_str(),
               file);
    std::fclose(file);
  }
  std::string output;
  std::FILE* pipe = popen(("bash '" + script.string() + "' 2>&1").c_str(), "r");
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    output.append(buffer, n);
  pclose(pipe);
  return output;
}

// COMPREPLY, one per line, for the command line `words` with the cursor in the last word.
std::string complete(const fs::path& directory, const std::string& words) {
  return run_bash(directory,
                  "source <(sleet completion bash)\n"
                  "COMP_WORDS=(" +
                      words +
                      ")\n"
                      "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
                      "_sleet\n"
                      "printf '%s\\n' \"${COMPREPLY[@]}\"\n");
}

TEST(CliCompletion, BashCompletesCommandsAndFlags) {
  TemporaryDirectory dir;
  EXPECT_EQ(complete(dir.path(), "sleet mig"), "migrate\n");
  EXPECT_EQ(complete(dir.path(), "sleet st"), "status\nstudio\n");
  EXPECT_EQ(complete(dir.path(), "sleet db i"), "info\n");
  EXPECT_EQ(complete(dir.path(), "sleet migrate --dry"), "--dry-run\n");
  // A global flag is offered after a command too; hidden commands never are.
  EXPECT_EQ(complete(dir.path(), "sleet status --tar"), "--target\n");
  EXPECT_EQ(complete(dir.path(), "sleet __"), "\n");
  EXPECT_EQ(complete(dir.path(), "sleet completion ''"), "bash\nzsh\nfish\n");
}

// A project with two targets, one of them with two migrations.
void write_two_targets(const TemporaryDirectory& dir) {
  dir.write("sleet.toml",
            "[targets.auth]\nout = \"migrations/auth\"\n"
            "[targets.users]\nout = \"migrations/users\"\n");
  dir.write(
      "migrations/auth/meta/_journal.json",
      R"({"version":"7","dialect":"postgresql","entries":[)"
      R"({"idx":0,"version":"7","when":1700000000000,"tag":"0000_init","breakpoints":true},)"
      R"({"idx":1,"version":"7","when":1700000000001,"tag":"0001_roles","breakpoints":true}]})");
  dir.write("migrations/auth/0000_init.sql", "CREATE TABLE a (id int);\n");
  dir.write("migrations/auth/0001_roles.sql", "CREATE TABLE b (id int);\n");
}

TEST(CliCompletion, BashCompletesTargetsAndTagsFromTheProject) {
  TemporaryDirectory dir;
  write_two_targets(dir);

  EXPECT_EQ(complete(dir.path(), "sleet migrate --target ''"), "auth\nusers\n");
  EXPECT_EQ(complete(dir.path(), "sleet --target u"), "users\n");
  EXPECT_EQ(complete(dir.path(), "sleet migrate --target auth --to ''"), "0000_init\n0001_roles\n");
  EXPECT_EQ(complete(dir.path(), "sleet rollback --target auth --to 0001"), "0001_roles\n");
  // diff's --to is a source, not a tag: files are completed there.
  EXPECT_EQ(complete(dir.path(), "sleet diff --from /dev/null --to migrations/a"),
            "migrations/auth\n");

  // The config read is the current one: a new target shows at the next Tab.
  dir.write("sleet.toml", "[targets.billing]\n[targets.auth]\n");
  EXPECT_EQ(complete(dir.path(), "sleet up --target ''"), "auth\nbilling\n");
}

// Runs `commands` with `shell` (zsh or fish) in `directory`, the built sleet first on the
// PATH; its output.
std::string run_shell(const std::string& shell, const fs::path& directory,
                      const std::string& commands) {
  std::string path = fs::path(SLEET_BINARY).parent_path().string();
  std::string setup =
      shell == "fish"
          ? "cd '" + directory.string() + "'; or exit 1\nset -x PATH '" + path + "' $PATH\n"
          : "cd '" + directory.string() + "' || exit 1\nPATH='" + path + "':\"$PATH\"\n";
  fs::path script = directory / ("completion_test." + shell);
  {
    std::FILE* file = std::fopen(script.c_str(), "w");
    std::fputs((setup + commands).c_str(), file);
    std::fclose(file);
  }
  std::string output;
  std::FILE* pipe = popen((shell + " '" + script.string() + "' 2>&1").c_str(), "r");
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    output.append(buffer, n);
  pclose(pipe);
  return output;
}

// fish's own completion of the command line `line` (complete -C) with sleet's script loaded.
std::string complete_fish(const fs::path& directory, const std::string& line) {
  return run_shell("fish", directory,
                   "sleet completion fish | source\ncomplete -C '" + line + "'\n");
}

// zsh: the script is loaded under compinit (so `compdef` registers it), then _sleet runs with
// `words` and CURRENT as zsh's completion system sets them; compadd, which only works inside
// a completion widget, is replaced by a function that prints what it was given, and _files
// (file completion) by a marker.
std::string complete_zsh(const fs::path& directory, const std::string& words) {
  return run_shell("zsh", directory,
                   "autoload -Uz compinit && compinit -u -D\n"
                   "source <(sleet completion zsh)\n"
                   "[[ $_comps[sleet] == _sleet ]] || print 'not registered'\n"
                   "compadd() { [[ $1 == -a ]] && print -rl -- \"${(@P)2}\" }\n"
                   "_files() { print -r -- '(files)' }\n"
                   "words=(" +
                       words + ")\nCURRENT=${#words}\n_sleet\n");
}

bool installed(const std::string& shell) {
  return std::system(("command -v " + shell + " >/dev/null 2>&1").c_str()) == 0;
}

TEST(CliCompletion, ZshAndFishScriptsParse) {
  TemporaryDirectory dir;
  for (const char* shell : {"zsh", "fish"}) {
    auto script = run_sleet(std::string("completion ") + shell, dir.path());
    ASSERT_EQ(script.exit_code, 0) << script.err;
    EXPECT_NE(script.out.find("__complete --"), std::string::npos) << script.out;
    ASSERT_TRUE(installed(shell)) << shell << " is not installed: scripts/setup installs it";
    dir.write(std::string("script.") + shell, script.out);
    std::string check = std::string(shell) + " -n '" +
                        (dir.path() / (std::string("script.") + shell)).string() + "'";
    EXPECT_EQ(std::system(check.c_str()), 0) << shell << "\n" << script.out;
  }
  auto unknown = run_sleet("completion tcsh", dir.path());
  EXPECT_EQ(unknown.exit_code, 2);
}

TEST(CliCompletion, FishCompletesCommandsTargetsAndTags) {
  ASSERT_TRUE(installed("fish")) << "scripts/setup installs fish";
  TemporaryDirectory dir;
  write_two_targets(dir);
  EXPECT_EQ(complete_fish(dir.path(), "sleet mig"), "migrate\n");
  EXPECT_EQ(complete_fish(dir.path(), "sleet st"), "status\nstudio\n");
  EXPECT_EQ(complete_fish(dir.path(), "sleet migrate --dry"), "--dry-run\n");
  EXPECT_EQ(complete_fish(dir.path(), "sleet migrate --target "), "auth\nusers\n");
  EXPECT_EQ(complete_fish(dir.path(), "sleet migrate --target auth --to "),
            "0000_init\n0001_roles\n");
  // Where sleet says files, fish completes paths.
  EXPECT_EQ(complete_fish(dir.path(), "sleet diff --from migrations/a"), "migrations/auth/\n");
}

TEST(CliCompletion, ZshCompletesCommandsTargetsAndTags) {
  ASSERT_TRUE(installed("zsh")) << "scripts/setup installs zsh";
  TemporaryDirectory dir;
  write_two_targets(dir);
  EXPECT_EQ(complete_zsh(dir.path(), "sleet mig"), "migrate\n");
  EXPECT_EQ(complete_zsh(dir.path(), "sleet migrate --target ''"), "auth\nusers\n");
  EXPECT_EQ(complete_zsh(dir.path(), "sleet rollback --target auth --to 0001"), "0001_roles\n");
  EXPECT_EQ(complete_zsh(dir.path(), "sleet diff --from ''"), "(files)\n");
}

}  // namespace
}  // namespace sleet::testing
