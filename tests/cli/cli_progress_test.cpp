// Progress on long work: the live line a terminal shows (read through a pseudo-terminal),
// the plain lines a log gets, -v's statement times, and what --wait says when it gives up.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// Runs sleet with `args` in `directory` on a pseudo-terminal (TERM=xterm); returns its exit
// code and everything it wrote to the terminal in `output`.
int run_at_terminal(const std::filesystem::path& directory, const std::vector<std::string>& args,
                    std::string& output) {
  struct winsize size {};
  size.ws_row = 40;
  size.ws_col = 200;
  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, &size);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) {
    if (chdir(directory.c_str()) != 0) _exit(126);
    std::vector<char*> argv{const_cast<char*>(SLEET_BINARY)};
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    setenv("TERM", "xterm", 1);
    execv(SLEET_BINARY, argv.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    struct pollfd descriptor {
      master, POLLIN, 0
    };
    if (poll(&descriptor, 1, 100) <= 0) continue;
    char buffer[4096];
    ssize_t n = read(master, buffer, sizeof buffer);
    if (n <= 0) break;  // EIO: the child closed the terminal
    output.append(buffer, static_cast<size_t>(n));
  }
  int status = 0;
  if (std::chrono::steady_clock::now() >= deadline) kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  close(master);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// A TCP port on 127.0.0.1 that nothing listens on (bound, then released).
int unused_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    throw std::runtime_error("no free port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

// A project whose one migration has a slow second statement.
void write_slow_project(const TemporaryDirectory& dir, const std::string& url) {
  dir.write("sleet.toml", fmt::format("url = \"{}\"\n", url));
  dir.write(
      "drizzle/meta/_journal.json",
      R"({"version":"7","dialect":"postgresql","entries":[)"
      R"({"idx":0,"version":"7","when":1700000000000,"tag":"0000_slow","breakpoints":true}]})");
  dir.write("drizzle/0000_slow.sql",
            "CREATE TABLE slow (id int);\n--> statement-breakpoint\n"
            "SELECT pg_sleep(1.5);\n--> statement-breakpoint\n"
            "INSERT INTO slow VALUES (1);\n");
}

TEST(CliProgress, TerminalRedrawsTheStatementLine) {
  auto& cluster = test_cluster();
  TemporaryDirectory dir;
  write_slow_project(dir, cluster.url(cluster.fresh_database("progress_tty")));
  std::string output;
  ASSERT_EQ(run_at_terminal(dir.path(), {"migrate"}, output), 0) << output;
  // Each statement's line replaces the one before; the slow one is redrawn as its clock runs.
  EXPECT_TRUE(contains(output, "\r\x1b[2Kapplying 0000_slow: statement 1/3, ")) << output;
  EXPECT_GE(count(output, "\r\x1b[2Kapplying 0000_slow: statement 2/3, "), 2u) << output;
  // The line is erased before the result is printed.
  EXPECT_TRUE(contains(output, "\r\x1b[2K  applied 0000_slow (")) << output;
}

TEST(CliProgress, WithoutTerminalOneLinePerStatement) {
  auto& cluster = test_cluster();
  TemporaryDirectory dir;
  write_slow_project(dir, cluster.url(cluster.fresh_database("progress_plain")));
  auto result = run_sleet("-v migrate", dir.path(), "TERM=xterm");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err,
            "applying 0000_slow: statement 1/3\n"
            "applying 0000_slow: statement 2/3\n"
            "applying 0000_slow: statement 3/3\n");
  // -v: each statement with its time once it finished.
  EXPECT_TRUE(contains(result.out, "applying 0000_slow\n    statement 1/3 (")) << result.out;
  EXPECT_TRUE(contains(result.out, " ms): SELECT pg_sleep(1.5);\n")) << result.out;
  EXPECT_TRUE(contains(result.out, " ms): INSERT INTO slow VALUES (1);\n  applied 0000_slow ("))
      << result.out;
}

// check --replay applies the folder to a scratch database: which migration it is at, live on
// a terminal and a line each off one.
TEST(CliProgress, CheckReplaySaysWhichMigrationItReplays) {
  TemporaryDirectory dir;
  dir.write("sleet.toml", "schema = \"schema/*.sql\"\nout = \"drizzle\"\n");
  dir.write("schema/a.sql", "CREATE TABLE a (id int PRIMARY KEY);\n");
  ASSERT_EQ(run_sleet("generate --name first", dir.path()).exit_code, 0);
  dir.write("schema/a.sql", "CREATE TABLE a (id int PRIMARY KEY, note text);\n");
  ASSERT_EQ(run_sleet("generate --name second", dir.path()).exit_code, 0);
  auto plain = run_sleet("check --replay", dir.path(), "TERM=xterm");
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_TRUE(contains(plain.err,
                       "replaying 0000_first (1/2) into a scratch database\n"
                       "replaying 0001_second (2/2) into a scratch database\n"
                       "comparing what the migrations built with the latest snapshot\n"))
      << plain.err;
  EXPECT_FALSE(contains(plain.err, "\x1b")) << plain.err;
  std::string output;
  EXPECT_EQ(run_at_terminal(dir.path(), {"check", "--replay"}, output), 0) << output;
  EXPECT_TRUE(contains(output, "\r\x1b[2Kreplaying 0001_second (2/2) into a scratch database, "))
      << output;
  run_sleet("dev stop", dir.path());
}

TEST(CliProgress, WaitSaysHowLongItWaitedWhenItGivesUp) {
  TemporaryDirectory dir;
  std::string server = fmt::format("postgres@127.0.0.1:{}/nowhere", unused_port());
  write_slow_project(dir, "postgres://" + server);
  auto result = run_sleet("up --wait 2", dir.path());
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_TRUE(result.err.starts_with(fmt::format("waiting for {} (up to 2 s)\n", server)))
      << result.err;
  EXPECT_TRUE(contains(result.err, "gave up after waiting 2 s: ")) << result.err;

  std::string output;
  EXPECT_EQ(run_at_terminal(dir.path(), {"up", "--wait", "2"}, output), 3) << output;
  EXPECT_TRUE(contains(output, fmt::format("\r\x1b[2Kwaiting for {} (0 s of 2)", server)))
      << output;
}

// generate reads and compares sources for seconds on a TypeScript schema or a large folder: a
// live line on a terminal, erased before the result is printed; nothing more off one.
TEST(CliProgress, GenerateShowsWhatItReadsOnlyOnATerminal) {
  TemporaryDirectory dir;
  dir.write("sleet.toml", "schema = \"schema/*.sql\"\nout = \"drizzle\"\n");
  dir.write("schema/a.sql", "CREATE TABLE a (id int PRIMARY KEY);\n");
  std::string output;
  ASSERT_EQ(run_at_terminal(dir.path(), {"generate", "--name", "first"}, output), 0) << output;
  const std::string live = "\r\x1b[2Kreading 1 schema file and comparing with drizzle, 0.0 s";
  EXPECT_TRUE(contains(output, live)) << output;
  // Erased before "wrote ...": the result starts on a clean line.
  std::size_t wrote = output.find("drizzle/0000_first.sql (1 statement)");
  ASSERT_NE(wrote, std::string::npos) << output;
  EXPECT_LT(output.find(live), wrote);
  EXPECT_NE(output.rfind("\r\x1b[2K", wrote), std::string::npos);

  dir.write("schema/a.sql", "CREATE TABLE a (id int PRIMARY KEY, note text);\n");
  auto plain = run_sleet("generate --name second", dir.path(), "TERM=xterm");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_FALSE(contains(plain.err, "reading")) << plain.err;
  EXPECT_FALSE(contains(plain.out + plain.err, "\x1b")) << plain.out << plain.err;
}

// pull: what it inspects, then what it writes, each erased before the summary.
TEST(CliProgress, PullShowsWhatItInspectsAndWrites) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("progress_pull");
  cluster.execute("CREATE TABLE things (id int PRIMARY KEY, name text)", database);
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            fmt::format("url = \"{}\"\nschema = \"schema\"\n", cluster.url(database)));
  std::string output;
  ASSERT_EQ(run_at_terminal(dir.path(), {"pull"}, output), 0) << output;
  std::size_t inspecting = output.find(
      fmt::format("\r\x1b[2Kinspecting postgres@127.0.0.1:{}/{}, ", cluster.port(), database));
  std::size_t writing = output.find("\r\x1b[2Kwriting ");
  ASSERT_NE(inspecting, std::string::npos) << output;
  ASSERT_NE(writing, std::string::npos) << output;
  EXPECT_LT(inspecting, writing);
  // After the last redraw of "writing", the line is erased before anything else is printed.
  std::size_t last = output.rfind("\r\x1b[2Kwriting ");
  std::size_t erased = output.find("\r\x1b[2K", last + 1);
  ASSERT_NE(erased, std::string::npos) << output;
  EXPECT_TRUE(fs::exists(dir.path() / "schema")) << output;

  TemporaryDirectory plain_dir;
  plain_dir.write("sleet.toml",
                  fmt::format("url = \"{}\"\nschema = \"schema\"\n", cluster.url(database)));
  auto plain = run_sleet("pull --dry-run", plain_dir.path(), "TERM=xterm");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_FALSE(contains(plain.err, "inspecting")) << plain.err;
}

}  // namespace
}  // namespace sleet::testing
