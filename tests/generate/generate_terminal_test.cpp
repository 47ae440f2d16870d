// The interactive rename prompt, driven through a real pseudo-terminal: arrow keys and
// Enter choose, Ctrl-C aborts without writing, and the terminal's settings come back.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>

#include "generate/generate_project.h"

namespace sleet::testing {
namespace {

// sleet running on the slave side of a pseudo-terminal; the test holds the master side.
class TerminalSession {
 public:
  TerminalSession(const std::filesystem::path& directory, const std::vector<std::string>& args) {
    struct winsize size {};
    size.ws_row = 40;
    size.ws_col = 120;
    if (openpty(&master_, &slave_, nullptr, nullptr, &size) != 0) {
      throw std::runtime_error("openpty failed");
    }
    tcgetattr(slave_, &initial_);
    pid_ = fork();
    if (pid_ == 0) {
      setsid();
      ioctl(slave_, TIOCSCTTY, 0);
      dup2(slave_, 0);
      dup2(slave_, 1);
      dup2(slave_, 2);
      close(master_);
      if (chdir(directory.c_str()) != 0) _exit(126);
      std::vector<char*> argv{const_cast<char*>(SLEET_BINARY)};
      for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
      argv.push_back(nullptr);
      setenv("NO_COLOR", "1", 1);
      setenv("TERM", "xterm", 1);  // as a terminal has it: progress lines are live
      execv(SLEET_BINARY, argv.data());
      _exit(127);
    }
  }
  ~TerminalSession() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(master_);
    close(slave_);
  }

  // Reads output until `text` appears or `seconds` pass; returns whether it appeared.
  bool wait_for(const std::string& text, int seconds = 20) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (output_.find(text) == std::string::npos) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      // Nothing within 200 ms is no answer on a loaded machine: only the end of the output
      // (the process gone) stops the wait before the deadline.
      if (!read_some(200) && closed_) return output_.find(text) != std::string::npos;
    }
    return true;
  }
  void send(const std::string& keys) {
    ASSERT_EQ(write(master_, keys.data(), keys.size()), static_cast<ssize_t>(keys.size()));
  }
  // Waits for the process to end (reading what it prints) and returns its exit code.
  int finish(int seconds = 30) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      read_some(100);
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        while (read_some(50)) {
        }
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
    }
    return -1;
  }
  const std::string& output() const { return output_; }
  // The terminal settings before sleet started.
  const struct termios& initial_settings() const { return initial_; }
  // The terminal settings as the slave side has them now.
  struct termios settings() const {
    struct termios t {};
    tcgetattr(slave_, &t);
    return t;
  }

 private:
  // Reads what is available within `milliseconds`; false when nothing came (or EOF).
  bool read_some(int milliseconds) {
    struct pollfd descriptor {
      master_, POLLIN, 0
    };
    if (poll(&descriptor, 1, milliseconds) <= 0) return false;
    char buffer[4096];
    ssize_t n = read(master_, buffer, sizeof buffer);
    if (n <= 0) {
      closed_ = true;
      return false;
    }
    output_.append(buffer, static_cast<size_t>(n));
    return true;
  }

  int master_ = -1;
  int slave_ = -1;
  pid_t pid_ = -1;
  bool exited_ = false;
  bool closed_ = false;  // the terminal's other side is gone: no more output will come
  struct termios initial_ {};
  std::string output_;
};

constexpr const char* kBefore =
    "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);\n";
constexpr const char* kAfter =
    "CREATE TABLE users (id integer PRIMARY KEY, full_name text NOT NULL);\n";

TEST(GenerateTerminal, ArrowDownAndEnterChooseRename) {
  GenerateProject project(kBefore);
  ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);
  project.set_schema(kAfter);
  struct termios before_settings;
  {
    TerminalSession session(project.path(), {"generate", "--name", "renamed"});
    before_settings = session.initial_settings();
    ASSERT_TRUE(
        session.wait_for("Is full_name column in public.users table created or renamed "
                         "from another column?"))
        << session.output();
    ASSERT_TRUE(session.wait_for("~ name › full_name")) << session.output();
    session.send("\x1b[B");  // arrow down
    session.send("\r");
    EXPECT_EQ(session.finish(), 0) << session.output();
    EXPECT_NE(session.output().find("~ name › full_name column will be renamed"), std::string::npos)
        << session.output();
    struct termios after_settings = session.settings();
    EXPECT_EQ(after_settings.c_lflag & (ECHO | ICANON | ISIG),
              before_settings.c_lflag & (ECHO | ICANON | ISIG));
  }
  EXPECT_EQ(project.read("drizzle/0001_renamed.sql"),
            R"(ALTER TABLE "public"."users" RENAME COLUMN "name" TO "full_name";)");
}

// generate's live progress line erases itself before a question is asked, and is not drawn
// again over the menu.
TEST(GenerateTerminal, TheProgressLineMakesWayForTheQuestion) {
  GenerateProject project(kBefore);
  ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);
  project.set_schema(kAfter);
  TerminalSession session(project.path(), {"generate", "--name", "renamed"});
  const std::string question =
      "Is full_name column in public.users table created or renamed from another column?";
  ASSERT_TRUE(session.wait_for(question)) << session.output();
  ASSERT_TRUE(session.wait_for("~ name › full_name")) << session.output();
  std::string shown = session.output();
  std::size_t asked = shown.find(question);
  std::size_t live = shown.find("\x1b[2Kreading 1 schema file and comparing with drizzle, ");
  ASSERT_NE(live, std::string::npos) << shown;
  ASSERT_LT(live, asked);
  // The last thing before the question is the erase of the line, not the line itself.
  std::size_t erased = shown.rfind("\r\x1b[2K", asked);
  ASSERT_NE(erased, std::string::npos);
  EXPECT_GT(erased, live) << shown;
  EXPECT_EQ(shown.find("reading 1 schema file", erased), std::string::npos) << shown;
  session.send("\r");
  EXPECT_EQ(session.finish(), 0) << session.output();
  EXPECT_EQ(session.output().find("reading 1 schema file", asked), std::string::npos)
      << session.output();
}

TEST(GenerateTerminal, EnterAloneChoosesCreate) {
  GenerateProject project(kBefore);
  ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);
  project.set_schema(kAfter);
  TerminalSession session(project.path(), {"generate", "--name", "recreated"});
  ASSERT_TRUE(session.wait_for("created or renamed")) << session.output();
  session.send("\x1b[B\x1b[A\r");  // down, up, Enter: back on "create"
  EXPECT_EQ(session.finish(), 0) << session.output();
  EXPECT_NE(session.output().find("+ full_name column will be created"), std::string::npos);
  std::string sql = project.read("drizzle/0001_recreated.sql");
  EXPECT_NE(sql.find("ADD COLUMN \"full_name\""), std::string::npos) << sql;
}

TEST(GenerateTerminal, AsksAboutTheTableThenItsColumns) {
  GenerateProject project(kBefore);
  ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);
  project.set_schema("CREATE TABLE people (id integer PRIMARY KEY, full_name text NOT NULL);\n");
  TerminalSession session(project.path(), {"generate", "--name", "both"});
  ASSERT_TRUE(session.wait_for("Is public.people table created or renamed from another table?"))
      << session.output();
  session.send("\x1b[B\r");
  ASSERT_TRUE(session.wait_for("~ public.users › public.people table will be renamed"))
      << session.output();
  ASSERT_TRUE(session.wait_for("Is full_name column in public.people table")) << session.output();
  session.send("\x1b[B\r");
  EXPECT_EQ(session.finish(), 0) << session.output();
  std::string sql = project.read("drizzle/0001_both.sql");
  EXPECT_NE(sql.find(R"(RENAME TO "people")"), std::string::npos) << sql;
  EXPECT_NE(sql.find(R"(RENAME COLUMN "name" TO "full_name")"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("DROP TABLE"), std::string::npos) << sql;
}

TEST(GenerateTerminal, CtrlCAbortsWritesNothingAndRestoresTheTerminal) {
  GenerateProject project(kBefore);
  ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);
  project.set_schema(kAfter);
  auto files = project.files();
  TerminalSession session(project.path(), {"generate"});
  struct termios before_settings = session.initial_settings();
  ASSERT_TRUE(session.wait_for("created or renamed")) << session.output();
  session.send("\x03");
  EXPECT_EQ(session.finish(), 1) << session.output();
  EXPECT_NE(session.output().find("aborted, nothing written"), std::string::npos)
      << session.output();
  EXPECT_EQ(project.files(), files);
  struct termios after_settings = session.settings();
  EXPECT_EQ(after_settings.c_lflag & (ECHO | ICANON | ISIG),
            before_settings.c_lflag & (ECHO | ICANON | ISIG));
  EXPECT_NE(after_settings.c_lflag & ECHO, 0u);
}

constexpr const char* kMoodBefore =
    "CREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE t (m mood NOT NULL DEFAULT 'ok');\n";
constexpr const char* kMoodAfter =
    "CREATE TYPE mood AS ENUM ('sad', 'neutral');\n"
    "CREATE TABLE t (m mood NOT NULL DEFAULT 'neutral');\n";

// An enum label renamed is asked like a column, at a terminal; the answer renames the value.
TEST(GenerateTerminal, EnumLabelRenameIsAskedAndRenamesTheValue) {
  GenerateProject project(kMoodBefore);
  ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);
  project.set_schema(kMoodAfter);
  {
    TerminalSession session(project.path(), {"generate", "--name", "relabel"});
    ASSERT_TRUE(
        session.wait_for("Is neutral enum-value in public.mood enum created or renamed "
                         "from another enum-value?"))
        << session.output();
    ASSERT_TRUE(session.wait_for("~ ok › neutral")) << session.output();
    session.send("\x1b[B");  // arrow down
    session.send("\r");
    EXPECT_EQ(session.finish(), 0) << session.output();
  }
  EXPECT_NE(project.read("drizzle/0001_relabel.sql")
                .find(R"(ALTER TYPE "public"."mood" RENAME VALUE 'ok' TO 'neutral';)"),
            std::string::npos)
      << project.read("drizzle/0001_relabel.sql");
}

// Without a terminal, the flag answers; without the flag, generate lists the question.
TEST(GenerateTerminal, EnumLabelRenameByFlagOrListedWithoutATerminal) {
  GenerateProject project(kMoodBefore);
  ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);
  project.set_schema(kMoodAfter);
  CommandResult unanswered = project.sleet("generate --name relabel");
  EXPECT_EQ(unanswered.exit_code, 2);
  EXPECT_NE(unanswered.err.find("--rename enum-value:public.mood.ok=neutral"), std::string::npos)
      << unanswered.err;
  CommandResult answered =
      project.sleet("generate --name relabel --rename enum-value:public.mood.ok=neutral");
  ASSERT_EQ(answered.exit_code, 0) << answered.err;
  std::string sql = project.read("drizzle/0001_relabel.sql");
  EXPECT_NE(sql.find("RENAME VALUE 'ok' TO 'neutral'"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("CREATE TYPE"), std::string::npos) << sql;
}

}  // namespace
}  // namespace sleet::testing
