// 32 concurrent `sleet migrate` through PgBouncer in transaction pooling (and session pooling,
// and directly), with no flag: every migration applied exactly once, every run exits 0.
// PgBouncer is Debian's `pgbouncer` (scripts/setup installs it), started here on 127.0.0.1.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <set>
#include <thread>

#include "db/local_cluster.h"
#include "migrate_test_support.h"

namespace sleet::testing {
namespace {

std::string find_pgbouncer() {
  for (const char* candidate : {"/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"}) {
    if (access(candidate, X_OK) == 0) return candidate;
  }
  return "";
}

// A PgBouncer in front of the test cluster's `database`, stopped (by its PID) on destruction.
class PgBouncer {
 public:
  // `extra`: more [pgbouncer] settings, one per line.
  PgBouncer(const std::string& binary, const std::string& database, const std::string& mode,
            const std::string& extra = "") {
    // When the tests run as root, PgBouncer (which refuses root) switches to the user the
    // test cluster's server runs as, so it must be able to read its directory.
    chmod(dir_.path().c_str(), 0755);
    port_ = find_free_port();
    const TestCluster& cluster = test_cluster();
    dir_.write("users.txt", fmt::format("\"postgres\" \"{}\"\n", cluster.password()));
    dir_.write(
        "pgbouncer.ini",
        fmt::format("[databases]\n{} = host={} port={} dbname={}\n\n[pgbouncer]\n"
                    "listen_addr = 127.0.0.1\nlisten_port = {}\nunix_socket_dir =\n"
                    "auth_type = scram-sha-256\nauth_file = {}\npool_mode = {}\n"
                    "max_client_conn = 500\ndefault_pool_size = {}\n"
                    "ignore_startup_parameters = extra_float_digits\n{}{}",
                    database, cluster.host(), cluster.port(), database, port_,
                    (dir_.path() / "users.txt").string(), mode,
                    // Session pooling pins a server connection per client connection.
                    mode == "session" ? 80 : 8, geteuid() == 0 ? "user = sleet\n" : "", extra));
    chmod((dir_.path() / "users.txt").c_str(), 0644);
    chmod((dir_.path() / "pgbouncer.ini").c_str(), 0644);
    std::string log = (dir_.path() / "pgbouncer.log").string();
    std::string ini = (dir_.path() / "pgbouncer.ini").string();
    pid_ = fork();
    if (pid_ == 0) {
      int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, 1);
      dup2(fd, 2);
      execl(binary.c_str(), binary.c_str(), ini.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    url_ =
        fmt::format("postgres://postgres:{}@127.0.0.1:{}/{}", cluster.password(), port_, database);
    // Bounded: a PgBouncer that never listens fails the test instead of hanging it.
    for (int i = 0; i < 200; ++i) {
      try {
        db::Connection probe(db::parse_connection_string(url_));
        probe.execute("select 1");
        return;
      } catch (const Error&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    throw std::runtime_error("pgbouncer did not start: " + read_file(log));
  }
  ~PgBouncer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }
  const std::string& url() const { return url_; }
  std::string log() const { return read_file(dir_.path() / "pgbouncer.log"); }

 private:
  TemporaryDirectory dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::string url_;
};

// Five migrations, one slow and one outside a transaction (an index built concurrently),
// each counting its runs in `runs`.
void write_pooler_folder(const std::filesystem::path& out) {
  write_folder(out, {{"a",
                      "CREATE TABLE runs (migration text);\n--> statement-breakpoint\n"
                      "CREATE TABLE items (id int, name text);\n--> statement-breakpoint\n"
                      "INSERT INTO runs VALUES ('a');",
                      1000},
                     {"b",
                      "INSERT INTO items SELECT g, 'n' || g FROM generate_series(1, 1000) g;\n"
                      "--> statement-breakpoint\nSELECT pg_sleep(0.5);\n--> statement-breakpoint\n"
                      "INSERT INTO runs VALUES ('b');",
                      2000},
                     {"c",
                      "ALTER TABLE items ADD COLUMN note text;\n--> statement-breakpoint\n"
                      "INSERT INTO runs VALUES ('c');",
                      3000},
                     {"d",
                      "INSERT INTO runs VALUES ('d');\n--> statement-breakpoint\n"
                      "CREATE INDEX CONCURRENTLY items_name ON items (name);",
                      4000},
                     {"e",
                      "CREATE TABLE more (id int);\n--> statement-breakpoint\n"
                      "INSERT INTO runs VALUES ('e');",
                      5000}});
}

// Runs `count` `sleet migrate --url URL` at once; returns how many exited 0, and the output
// of those that did not in `failures`.
int run_concurrently(int count, const std::string& url, const std::filesystem::path& out,
                     const std::filesystem::path& scratch, std::string& failures) {
  std::string script = fmt::format(
      "for i in $(seq {}); do ('{}' migrate --url '{}' --out '{}' >'{}/out_'$i 2>&1; echo $? "
      ">'{}/rc_'$i) & done; wait",
      count, SLEET_BINARY, url, out.string(), scratch.string(), scratch.string());
  EXPECT_EQ(std::system(script.c_str()), 0);
  int succeeded = 0;
  for (int i = 1; i <= count; ++i) {
    std::string rc = read_file(scratch / fmt::format("rc_{}", i));
    if (rc == "0\n") {
      ++succeeded;
    } else {
      failures += fmt::format("run {} exited {}: {}\n", i, rc,
                              read_file(scratch / fmt::format("out_{}", i)));
    }
  }
  return succeeded;
}

void expect_applied_exactly_once(const std::string& database) {
  auto rows = tracking_rows(database);
  EXPECT_EQ(rows.size(), 5u);
  EXPECT_EQ(std::set<std::string>(rows.begin(), rows.end()).size(), rows.size());
  EXPECT_EQ(test_cluster()
                .execute("select string_agg(migration, ',' order by migration) from runs", database)
                .value(0, 0),
            "a,b,c,d,e");
  EXPECT_EQ(test_cluster()
                .execute("select count(*) from pg_index where not indisvalid", database)
                .value(0, 0),
            "0");
  EXPECT_EQ(test_cluster()
                .execute("select count(*) from pg_locks where locktype = 'advisory'", database)
                .value(0, 0),
            "0");
}

class MigratePooler : public ::testing::TestWithParam<std::string> {};

TEST_P(MigratePooler, ThirtyTwoMigratorsApplyEachMigrationOnce) {
  const std::string mode = GetParam();
  std::string pgbouncer = find_pgbouncer();
  if (mode != "direct" && pgbouncer.empty()) {
    GTEST_SKIP() << "pgbouncer is not installed (scripts/setup installs Debian's pgbouncer)";
  }
  TemporaryDirectory dir;
  std::string database = test_cluster().fresh_database("pooler_" + mode);
  auto out = dir.path() / "drizzle";
  write_pooler_folder(out);
  std::optional<PgBouncer> bouncer;
  std::string url = test_cluster().url(database);
  if (mode != "direct") {
    bouncer.emplace(pgbouncer, database, mode);
    url = bouncer->url();
  }
  std::string failures;
  int succeeded = run_concurrently(32, url, out, dir.path(), failures);
  EXPECT_EQ(succeeded, 32) << failures << (bouncer ? bouncer->log() : "");
  expect_applied_exactly_once(database);
  std::cout << fmt::format("[ figure ] {}: {}/32 exited 0\n", mode, succeeded);
}

// rollback takes migrate's lock as migrate does. A session lock through a transaction-mode
// pooler is taken on one server connection and released on another: with PgBouncer handing
// out its server connections in turn (server_round_robin), the unlock missed and the lock
// stayed on a pooled connection, so every later migrate waited for it.
TEST(MigratePoolerRollback, LeavesNoLockBehindThroughTransactionPooling) {
  std::string pgbouncer = find_pgbouncer();
  if (pgbouncer.empty()) {
    GTEST_SKIP() << "pgbouncer is not installed (scripts/setup installs Debian's pgbouncer)";
  }
  TemporaryDirectory dir;
  std::string database = test_cluster().fresh_database("pooler_rollback");
  auto out = dir.path() / "drizzle";
  write_pooler_folder(out);
  dir.write("drizzle/0004_e.down.sql",
            "DROP TABLE more;\n--> statement-breakpoint\nDELETE FROM runs WHERE migration = "
            "'e';\n");
  dir.write("drizzle/0003_d.down.sql",
            "DROP INDEX items_name;\n--> statement-breakpoint\nDELETE FROM runs WHERE "
            "migration = 'd';\n");
  PgBouncer bouncer(pgbouncer, database, "transaction",
                    "server_round_robin = 1\nmin_pool_size = 4\n");
  auto sleet = [&](const std::string& args) {
    return run_sleet(fmt::format("{} --url '{}' --out '{}'", args, bouncer.url(), out.string()),
                     dir.path());
  };
  auto migrated = sleet("migrate");
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  auto rolled = sleet("rollback --steps 2 --yes --force");
  ASSERT_EQ(rolled.exit_code, 0) << rolled.out << rolled.err << bouncer.log();
  EXPECT_EQ(tracking_rows(database).size(), 3u);
  EXPECT_EQ(test_cluster()
                .execute("select count(*) from pg_locks where locktype = 'advisory'", database)
                .value(0, 0),
            "0");
  // The next migrate through the pooler takes the lock at once and applies both again.
  auto again = sleet("migrate --lock-timeout 5");
  EXPECT_EQ(again.exit_code, 0) << again.err << bouncer.log();
  expect_applied_exactly_once(database);
}

// A migrator killed (SIGKILL) while a migration runs through PgBouncer in transaction pooling:
// PgBouncer closes the server connections its client left in a transaction (the migration's,
// which the server notices within client_connection_check_interval, and the lock's), so the
// migration rolls back, the lock goes, and the next migrate through the pooler finishes.
TEST(MigratePoolerKill, AMigratorKilledMidMigrationLeavesNoLockAndTheNextRunFinishes) {
  std::string pgbouncer = find_pgbouncer();
  if (pgbouncer.empty()) {
    GTEST_SKIP() << "pgbouncer is not installed (scripts/setup installs Debian's pgbouncer)";
  }
  TemporaryDirectory dir;
  std::string database = test_cluster().fresh_database("pooler_kill");
  auto out = dir.path() / "drizzle";
  // b sleeps as long as the table sleep_for says: a minute for the run that is killed.
  write_folder(out, {{"a",
                      "CREATE TABLE runs (migration text);\n--> statement-breakpoint\n"
                      "CREATE TABLE sleep_for (seconds int);\n--> statement-breakpoint\n"
                      "INSERT INTO sleep_for VALUES (60);",
                      1000},
                     {"b",
                      "INSERT INTO runs VALUES ('b');\n--> statement-breakpoint\n"
                      "SELECT pg_sleep((SELECT seconds FROM sleep_for));",
                      2000}});
  PgBouncer bouncer(pgbouncer, database, "transaction");
  pid_t migrator = fork();
  if (migrator == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    std::string url = bouncer.url();
    std::string folder = out.string();
    execl(SLEET_BINARY, SLEET_BINARY, "migrate", "--url", url.c_str(), "--out", folder.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  auto sleeping = [&] {
    return test_cluster()
               .execute(
                   "select count(*) from pg_stat_activity where state = 'active' and "
                   "position('pg_sleep((SELECT seconds' in query) > 0 and pid <> pg_backend_pid()",
                   database)
               .value(0, 0) != "0";
  };
  bool seen = false;
  for (int i = 0; i < 300 && !seen; ++i) {
    seen = sleeping();
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(seen) << "the migration never reached its pg_sleep; " << bouncer.log();
  kill(migrator, SIGKILL);
  int status = 0;
  waitpid(migrator, &status, 0);
  // The server ends the killed run's statement (its connection closed by PgBouncer, noticed
  // through client_connection_check_interval, which migrate sets behind a pooler) long before
  // the minute it would sleep; it never commits.
  bool gone = false;
  for (int i = 0; i < 120 && !gone; ++i) {
    gone = !sleeping();
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  EXPECT_TRUE(gone) << "the killed migrator's statement still runs; " << bouncer.log();
  test_cluster().execute("update sleep_for set seconds = 0", database);
  // The next run waits for the lock (bounded) and applies b again, once.
  auto again = run_sleet(
      fmt::format("migrate --url '{}' --out '{}' --lock-timeout 30", bouncer.url(), out.string()),
      dir.path());
  EXPECT_EQ(again.exit_code, 0) << again.err << bouncer.log();
  EXPECT_EQ(tracking_rows(database).size(), 2u);
  EXPECT_EQ(test_cluster().execute("select count(*) from runs", database).value(0, 0), "1");
  EXPECT_EQ(test_cluster()
                .execute("select count(*) from pg_locks where locktype = 'advisory'", database)
                .value(0, 0),
            "0");
}

INSTANTIATE_TEST_SUITE_P(Modes, MigratePooler,
                         ::testing::Values("transaction", "session", "direct"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace sleet::testing
