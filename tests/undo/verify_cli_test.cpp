// `sleet verify` as CI runs it: a sound folder passes, a wrong down script and an up that does
// not reach the schema files are caught (exit 1, the migration and the first difference
// named), and no scratch database is left behind, even when verify is killed.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <thread>

#include "sleet/files.h"

#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string scratch_databases() {
  return std::string(test_cluster()
                         .execute("select count(*) from pg_database where datname like "
                                  "'sleet\\_verify\\_%'")
                         .value(0, 0));
}

void write_project(const TemporaryDirectory& dir) {
  dir.write("sleet.toml", "schema = \"schema/*.sql\"\n");
  dir.write("schema/app.sql", "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);\n");
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  dir.write("schema/app.sql",
            "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, email text);\n"
            "CREATE TABLE posts (id integer PRIMARY KEY, author integer REFERENCES users (id));\n");
  ASSERT_EQ(run_sleet("generate --name email_posts", dir.path()).exit_code, 0);
}

// A folder whose second migration sleeps until verify is stopped.
void write_slow_project(const TemporaryDirectory& dir) {
  dir.write("sleet.toml", "schema = \"schema/*.sql\"\n");
  dir.write("schema/app.sql", "CREATE TABLE users (id integer PRIMARY KEY);\n");
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  ASSERT_EQ(run_sleet("generate --custom --name slow", dir.path()).exit_code, 0);
  dir.write("drizzle/0001_slow.sql", "SELECT pg_sleep(600);\n");
}

// Starts `sleet verify` on `dir`'s folder in the background; its output goes to `log`.
pid_t start_verify(const TemporaryDirectory& dir, const std::filesystem::path& log) {
  std::string command =
      fmt::format("cd '{}' && exec '{}' verify --scratch-url '{}' </dev/null >'{}' 2>&1",
                  dir.path().string(), SLEET_BINARY, test_cluster().url(), log.string());
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), nullptr);
    _exit(127);
  }
  return pid;
}

// Polls `done` every 50 ms for at most `limit`: whether it became true.
template <typename Condition>
bool eventually(Condition done, std::chrono::seconds limit = std::chrono::seconds(120)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

// The scratch database of the verify whose process is `pid` (empty when it has none).
std::string scratch_database_of(pid_t pid) {
  auto result = test_cluster().execute(fmt::format(
      "select datname from pg_database where datname ~ '^sleet_verify_[0-9a-f]{{8}}_{}_'", pid));
  return result.rows() == 0 ? "" : std::string(result.value(0, 0));
}

// Whether a session of `database` runs the slow migration's pg_sleep.
bool sleeping_in(const std::string& database) {
  if (database.empty()) return false;
  return std::string(test_cluster()
                         .execute(fmt::format("select count(*) from pg_stat_activity where "
                                              "datname = '{}' and query like '%pg_sleep%'",
                                              database))
                         .value(0, 0)) != "0";
}

bool database_exists(const std::string& database) {
  return test_cluster()
             .execute(fmt::format("select 1 from pg_database where datname = '{}'", database))
             .rows() > 0;
}

// Starts verify on a slow folder and waits until it is inside the slow migration: the name of
// its scratch database.
std::string verify_until_mid_run(const TemporaryDirectory& dir, pid_t* pid) {
  *pid = start_verify(dir, dir.path() / "verify.log");
  std::string database;
  bool mid_run = eventually([&] {
    database = scratch_database_of(*pid);
    return sleeping_in(database);
  });
  EXPECT_TRUE(mid_run) << "verify never reached the slow migration:\n"
                       << read_file(dir.path() / "verify.log");
  return database;
}

int wait_for_exit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

std::string verify(const TemporaryDirectory& dir, int expected_exit, std::string* err = nullptr) {
  auto result =
      run_sleet(fmt::format("verify --scratch-url '{}'", test_cluster().url()), dir.path());
  EXPECT_EQ(result.exit_code, expected_exit) << result.out << result.err;
  if (err) *err = result.err;
  return result.out;
}

TEST(Verify, ASoundFolderPassesAndLeavesNoDatabase) {
  TemporaryDirectory dir;
  write_project(dir);
  std::string out = verify(dir, 0);
  EXPECT_TRUE(contains(out, "verified 2 migrations (2 down scripts run down and up again)")) << out;
  EXPECT_EQ(scratch_databases(), "0");
}

TEST(Verify, CatchesAWrongDownScript) {
  TemporaryDirectory dir;
  write_project(dir);
  // This down forgets to drop the column the migration added.
  dir.write("drizzle/0001_email_posts.down.sql", "DROP TABLE \"public\".\"posts\";");
  std::string err;
  verify(dir, 1, &err);
  EXPECT_TRUE(contains(err,
                       "0001_email_posts: its down script does not return to the state "
                       "before it"))
      << err;
  EXPECT_TRUE(contains(err, "email")) << err;
  EXPECT_EQ(scratch_databases(), "0");
}

TEST(Verify, CatchesAnUpThatDoesNotReachTheSchemaFiles) {
  TemporaryDirectory dir;
  write_project(dir);
  dir.write(
      "schema/app.sql",
      "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, email text, age int);\n"
      "CREATE TABLE posts (id integer PRIMARY KEY, author integer REFERENCES users (id));\n");
  std::string err;
  verify(dir, 1, &err);
  EXPECT_TRUE(contains(err, "the migrations do not build the schema files")) << err;
  EXPECT_TRUE(contains(err, "age")) << err;
}

TEST(Verify, CheckVerifyRunsItAfterTheFolderCheck) {
  TemporaryDirectory dir;
  write_project(dir);
  auto sound =
      run_sleet(fmt::format("check --verify --scratch-url '{}'", test_cluster().url()), dir.path());
  EXPECT_EQ(sound.exit_code, 0) << sound.out << sound.err;
  EXPECT_TRUE(contains(sound.out, "verified 2 migrations")) << sound.out;
  dir.write("drizzle/0001_email_posts.down.sql", "DROP TABLE \"public\".\"posts\";");
  auto wrong =
      run_sleet(fmt::format("check --verify --scratch-url '{}'", test_cluster().url()), dir.path());
  EXPECT_EQ(wrong.exit_code, 1) << wrong.out << wrong.err;
  EXPECT_TRUE(contains(wrong.err, "0001_email_posts: its down script does not return"))
      << wrong.err;
  EXPECT_EQ(scratch_databases(), "0");
}

TEST(Verify, KilledWithSignal9LeavesNoDatabase) {
  TemporaryDirectory dir;
  write_slow_project(dir);
  pid_t pid = 0;
  std::string database = verify_until_mid_run(dir, &pid);
  ASSERT_FALSE(database.empty());
  kill(pid, SIGKILL);
  int status = wait_for_exit(pid);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  // Its reaper drops the database (ending the session still in pg_sleep).
  EXPECT_TRUE(eventually([&] { return !database_exists(database); }))
      << database << " is still there after verify was killed";
  EXPECT_EQ(scratch_databases(), "0");
}

TEST(Verify, InterruptedWithCtrlCLeavesNoDatabase) {
  TemporaryDirectory dir;
  write_slow_project(dir);
  pid_t pid = 0;
  std::string database = verify_until_mid_run(dir, &pid);
  ASSERT_FALSE(database.empty());
  kill(pid, SIGINT);
  wait_for_exit(pid);
  EXPECT_TRUE(eventually([&] { return !database_exists(database); }))
      << database << " is still there after verify was interrupted";
}

TEST(Verify, AConcurrentVerifyKeepsTheOtherOnesDatabase) {
  TemporaryDirectory slow;
  write_slow_project(slow);
  pid_t pid = 0;
  std::string database = verify_until_mid_run(slow, &pid);
  ASSERT_FALSE(database.empty());
  // A second verify drops the leftovers of dead runs only: the live run's database stays.
  TemporaryDirectory sound;
  write_project(sound);
  verify(sound, 0);
  EXPECT_TRUE(database_exists(database));
  EXPECT_TRUE(sleeping_in(database)) << "the second verify ended the first one's session";
  kill(pid, SIGTERM);
  wait_for_exit(pid);
  EXPECT_TRUE(eventually([&] { return !database_exists(database); }))
      << database << " is still there after verify was stopped";
}

TEST(Verify, DropsTheLeftoverOfARunWhoseProcessIsGone) {
  // A database named as a verify of this host whose process has ended, and one whose
  // process (this test) is alive.
  pid_t gone = fork();
  if (gone == 0) _exit(0);
  wait_for_exit(gone);
  char host[HOST_NAME_MAX + 1] = {};
  gethostname(host, sizeof host - 1);
  std::string tag = sha256_hex(host).substr(0, 8);
  std::string dead = fmt::format("sleet_verify_{}_{}_dead", tag, gone);
  std::string alive = fmt::format("sleet_verify_{}_{}_live", tag, getpid());
  test_cluster().execute(fmt::format("create database {}", dead));
  test_cluster().execute(fmt::format("create database {}", alive));
  TemporaryDirectory dir;
  write_project(dir);
  verify(dir, 0);
  EXPECT_FALSE(database_exists(dead));
  EXPECT_TRUE(database_exists(alive));
  test_cluster().execute(fmt::format("drop database {}", alive));
}

}  // namespace
}  // namespace sleet::testing
