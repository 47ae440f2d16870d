// Many migrators at once, and a migrator killed mid-migration: the advisory lock keeps every
// migration applied exactly once and dies with its session.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "migrate_test_support.h"

namespace sleet::testing {
namespace {

TEST(MigrateConcurrency, SixteenProcessesApplyEachMigrationOnce) {
  TemporaryDirectory dir;
  auto database = test_cluster().fresh_database("sixteen");
  auto out = dir.path() / "drizzle";
  write_folder(
      out,
      {{"a", "CREATE TABLE c_t (id int);", 1000},
       {"b", "INSERT INTO c_t VALUES (1);\n--> statement-breakpoint\nSELECT pg_sleep(0.3);", 2000},
       {"c", "INSERT INTO c_t VALUES (2);", 3000}});
  std::string script = fmt::format(
      "for i in $(seq 16); do ('{}' migrate --url '{}' --out '{}' >'{}/out_'$i 2>&1; echo $? "
      ">'{}/rc_'$i) & done; wait",
      SLEET_BINARY, test_cluster().url(database), out.string(), dir.path().string(),
      dir.path().string());
  ASSERT_EQ(std::system(script.c_str()), 0);
  int waited = 0;
  for (int i = 1; i <= 16; ++i) {
    std::string rc = read_file(dir.path() / fmt::format("rc_{}", i));
    std::string output = read_file(dir.path() / fmt::format("out_{}", i));
    EXPECT_EQ(rc, "0\n") << output;
    if (output.find("waiting for another sleet migrate (pid ") != std::string::npos) ++waited;
  }
  EXPECT_GT(waited, 0);
  EXPECT_EQ(tracking_rows(database).size(), 3u);
  EXPECT_EQ(test_cluster()
                .execute("select string_agg(id::text, ',' order by id) from c_t", database)
                .value(0, 0),
            "1,2");
  EXPECT_EQ(test_cluster()
                .execute("select count(*) from pg_locks where locktype = 'advisory'", database)
                .value(0, 0),
            "0");
}

TEST(MigrateConcurrency, KilledMigratorLeavesNothingBehind) {
  TemporaryDirectory dir;
  auto database = test_cluster().fresh_database("killed");
  auto out = dir.path() / "drizzle";
  write_folder(
      out,
      {{"a", "CREATE TABLE k_a (id int);", 1000},
       {"slow", "CREATE TABLE k_slow (id int);\n--> statement-breakpoint\nselect pg_sleep(30);",
        2000}});
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::string url = test_cluster().url(database);
    freopen("/dev/null", "w", stdout);
    execl(SLEET_BINARY, SLEET_BINARY, "migrate", "--url", url.c_str(), "--out", out.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  bool sleeping = false;
  for (int i = 0; i < 200 && !sleeping; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    sleeping = test_cluster()
                   .execute(
                       "select count(*) from pg_stat_activity where query like "
                       "'%select pg_sleep(30)%' and pid <> pg_backend_pid() and "
                       "query not like '%pg_stat_activity%'",
                       database)
                   .value(0, 0) != "0";
  }
  ASSERT_TRUE(sleeping) << "the migrator never reached pg_sleep";
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);

  // The migration was never recorded, so it may be fixed before the next run.
  dir.write("drizzle/0001_slow.sql",
            "CREATE TABLE k_slow (id int);\n--> statement-breakpoint\nselect pg_sleep(0.1);");
  auto start = std::chrono::steady_clock::now();
  auto rerun = migrate_cli(database, out);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  // The dead client's backend is cancelled within about a second, not after pg_sleep(30).
  EXPECT_LT(seconds, 15);
  EXPECT_TRUE(relation_exists(database, "k_slow"));
  auto rows = tracking_rows(database);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NE(rows[0], rows[1]);
  EXPECT_EQ(test_cluster()
                .execute("select count(*) from pg_locks where locktype = 'advisory'", database)
                .value(0, 0),
            "0");
}

// A session holding a lock on `table` of `database` (an open transaction that read it, as an
// application's long transaction does) for `held`; its backend pid in `pid`.
std::thread hold_lock(const std::string& database, const std::string& table,
                      std::chrono::milliseconds held, std::string& pid, std::atomic<bool>& ready) {
  return std::thread([=, &pid, &ready] {
    db::Connection holder = test_cluster().connect(database);
    holder.execute("BEGIN");
    holder.execute("SET application_name = 'long_report'");
    holder.execute("SELECT count(*) FROM " + table);
    pid = std::string(holder.execute("SELECT pg_backend_pid()").value(0, 0));
    ready = true;
    std::this_thread::sleep_for(held);
    holder.execute("COMMIT");
  });
}

// A folder whose second migration alters table `busy`, which an application's open
// transaction holds (hold_lock) for 3 s from construction.
struct BlockedFolder {
  explicit BlockedFolder(const std::string& prefix)
      : database(test_cluster().fresh_database(prefix)), out(dir.path() / "drizzle") {
    test_cluster().execute("CREATE TABLE busy (id int)", database);
    write_folder(out, {{"a", "CREATE TABLE other (id int);", 1000},
                       {"b",
                        "CREATE TABLE marker (id int);\n--> statement-breakpoint\n"
                        "ALTER TABLE busy ADD COLUMN note text;",
                        2000}});
    holder = hold_lock(database, "busy", std::chrono::milliseconds(3000), pid, ready);
    for (int i = 0; i < 400 && !ready; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_TRUE(ready) << "the lock holder never started";
  }
  ~BlockedFolder() { release(); }
  void release() {
    if (holder.joinable()) holder.join();
  }

  TemporaryDirectory dir;
  std::string database;
  std::filesystem::path out;
  std::string pid;
  std::atomic<bool> ready{false};
  std::thread holder;
};

// lock_timeout = 1 s against a lock held for 3 s: the migration gives up waiting, rolls back
// and is run again after a pause, until the holder is done.
TEST(MigrateConcurrency, MigrationBlockedByALockIsRetried) {
  BlockedFolder blocked("lock_retry");
  auto result = migrate_cli(blocked.database, blocked.out, "--lock-timeout 1 --lock-retries 4");
  blocked.release();
  const std::string& database = blocked.database;
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.err.find("canceling statement due to lock timeout"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("retry 1 of 4"), std::string::npos) << result.err;
  EXPECT_EQ(tracking_rows(database).size(), 2u);
  EXPECT_EQ(test_cluster()
                .execute("select count(*) from information_schema.columns where table_name = "
                         "'busy' and column_name = 'note'",
                         database)
                .value(0, 0),
            "1");
}

// Without retries it stops at the first timeout, applies nothing of that migration, and
// names the session holding the lock.
TEST(MigrateConcurrency, GivingUpOnALockNamesItsHolder) {
  BlockedFolder blocked("lock_holder");
  const std::string& database = blocked.database;
  const std::string& pid = blocked.pid;
  blocked.dir.write("sleet.toml",
                    "lock_timeout = 1\nlock_retries = 0\nout = \"drizzle\"\nurl = \"" +
                        test_cluster().url(database) + "\"\n");
  auto result = run_sleet("migrate", blocked.dir.path());
  blocked.release();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("migration 0001_b failed at statement 2 of 2"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("blocked by pid " + pid + " (user "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("application long_report, idle in transaction"), std::string::npos)
      << result.err;
  // The first migration stays applied; the second left nothing behind.
  EXPECT_EQ(tracking_rows(database).size(), 1u);
  EXPECT_EQ(test_cluster().execute("select to_regclass('marker') is null", database).value(0, 0),
            "t");
}

}  // namespace
}  // namespace sleet::testing
