// Migrations that run outside a transaction resume where they stopped: after the migrator
// was killed (SIGKILL) in the middle, and after a lock timeout, the next run skips the
// statements done, rebuilds an index an interrupted CREATE INDEX CONCURRENTLY left INVALID,
// and never runs a statement twice. No timing assertions: the tests wait for server states
// (pg_stat_activity, pg_index), with a deadline only so a broken run fails instead of hanging.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "migrate_test_support.h"

namespace sleet::testing {
namespace {

// Polls `done` every 20 ms until it holds or 60 s have passed; returns whether it held.
bool wait_until(const std::function<bool()>& done) {
  for (int i = 0; i < 3000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::string scalar(const std::string& database, const std::string& sql) {
  return std::string(test_cluster().execute(sql, database).value(0, 0));
}

// Backends of other sessions whose query starts with `prefix` and that wait for a lock.
std::string lock_waiters(const std::string& database, const std::string& prefix) {
  return scalar(database,
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and "
                "pid <> pg_backend_pid() and query like '%" +
                    prefix + "%'");
}

// Four statements outside a transaction: a table, a row (not safe to repeat), an index
// built concurrently on `items`, a column.
const std::string kResumable =
    "-- sleet:transaction=off\n"
    "CREATE TABLE audit_log (id serial PRIMARY KEY, note text);\n"
    "--> statement-breakpoint\n"
    "INSERT INTO audit_log (note) VALUES ('ran once');\n"
    "--> statement-breakpoint\n"
    "CREATE INDEX CONCURRENTLY items_name_idx ON items (name);\n"
    "--> statement-breakpoint\n"
    "ALTER TABLE items ADD COLUMN extra text;";

void expect_finished(const std::string& database) {
  EXPECT_EQ(scalar(database, "select count(*) from audit_log"), "1");
  EXPECT_EQ(scalar(database,
                   "select indisvalid from pg_index where indexrelid = 'items_name_idx'::regclass"),
            "t");
  EXPECT_EQ(scalar(database,
                   "select count(*) from information_schema.columns where table_name = 'items' "
                   "and column_name = 'extra'"),
            "1");
  EXPECT_EQ(tracking_rows(database).size(), 1u);
  EXPECT_EQ(scalar(database, "select count(*) from drizzle.__sleet_migration_progress"), "0");
}

// An application's open write transaction on `items`: CREATE INDEX CONCURRENTLY waits for
// it to end before it builds (and ALTER TABLE waits for its lock).
struct OpenWriter {
  explicit OpenWriter(const std::string& database) : connection(test_cluster().connect(database)) {
    connection.execute("BEGIN");
    connection.execute("INSERT INTO items VALUES (100001, 'open')");
  }
  void commit() {
    if (open) connection.execute("COMMIT");
    open = false;
  }
  db::Connection connection;
  bool open = true;
};

std::string items_database(const std::string& prefix) {
  std::string database = test_cluster().fresh_database(prefix);
  test_cluster().execute(
      "CREATE TABLE items (id integer PRIMARY KEY, name text);"
      "INSERT INTO items SELECT g, 'item' || g FROM generate_series(1, 1000) g;",
      database);
  return database;
}

TEST(MigrateResume, KilledDuringAConcurrentIndexBuildResumesWithoutRepeatingStatements) {
  TemporaryDirectory dir;
  std::string database = items_database("resume_kill");
  auto out = dir.path() / "drizzle";
  write_folder(out, {{"online", kResumable, 1000}});
  OpenWriter writer(database);

  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::string url = test_cluster().url(database);
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execl(SLEET_BINARY, SLEET_BINARY, "migrate", "--url", url.c_str(), "--out", out.c_str(),
          "--lock-timeout", "600", static_cast<char*>(nullptr));
    _exit(127);
  }
  bool waiting = wait_until([&] { return lock_waiters(database, "CREATE INDEX") == "1"; });
  if (!waiting) kill(child, SIGKILL);
  ASSERT_TRUE(waiting) << "the migrator never waited in CREATE INDEX CONCURRENTLY";
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  // The server notices the dead client (client_connection_check_interval) and cancels.
  ASSERT_TRUE(wait_until([&] {
    return scalar(database,
                  "select count(*) from pg_stat_activity where query like '%CREATE INDEX%' and "
                  "pid <> pg_backend_pid()") == "0";
  }));
  // What the kill left: two statements done, an INVALID index, no tracking row.
  EXPECT_EQ(scalar(database, "select count(*) from audit_log"), "1");
  EXPECT_EQ(scalar(database,
                   "select indisvalid from pg_index where indexrelid = 'items_name_idx'::regclass"),
            "f");
  EXPECT_EQ(tracking_rows(database).size(), 0u);
  writer.commit();

  auto rerun = migrate_cli(database, out);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
  EXPECT_NE(rerun.out.find("resumed: 2 of 4 statements were done by an earlier run"),
            std::string::npos)
      << rerun.out;
  expect_finished(database);
}

// A statement of a migration outside a transaction that gives up on a lock: the retry runs
// only what was not done (the INSERT before it is not repeated).
TEST(MigrateResume, LockTimeoutRetryResumesAtTheBlockedStatement) {
  TemporaryDirectory dir;
  std::string database = items_database("resume_retry");
  auto out = dir.path() / "drizzle";
  write_folder(out, {{"online", kResumable, 1000}});
  OpenWriter writer(database);
  CommandResult result;
  std::thread migrator(
      [&] { result = migrate_cli(database, out, "--lock-timeout 1 --lock-retries 100"); });
  // The first try leaves an INVALID index when it gives up; a retry that resumed at the
  // index statement drops it first (and waits for the writer again).
  bool resumed = wait_until([&] {
    return scalar(database,
                  "select count(*) from pg_stat_activity where pid <> pg_backend_pid() and "
                  "query like 'DROP INDEX CONCURRENTLY IF EXISTS%'") != "0";
  });
  writer.commit();
  migrator.join();
  ASSERT_TRUE(resumed) << result.err;
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.err.find("canceling statement due to lock timeout"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("retry 1 of 100"), std::string::npos) << result.err;
  expect_finished(database);
}

// `generate --backfill` fills a volatile default in committed batches; a run killed while a
// batch waits on a row an application holds keeps the batches before it, and the next run
// finishes the rest without touching them again.
TEST(MigrateResume, KilledBackfillKeepsItsCommittedBatchesAndTheNextRunFinishes) {
  TemporaryDirectory project;
  std::string database = test_cluster().fresh_database("resume_backfill");
  project.write("sleet.toml",
                fmt::format("schema = \"schema.sql\"\nout = \"drizzle\"\nurl = \"{}\"\n",
                            test_cluster().url(database)));
  project.write("schema.sql", "CREATE TABLE items (id integer PRIMARY KEY, name text);\n");
  ASSERT_EQ(run_sleet("generate --name init", project.path()).exit_code, 0);
  auto first = run_sleet("migrate", project.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  test_cluster().execute("INSERT INTO items SELECT g, 'item' || g FROM generate_series(1, 1000) g",
                         database);
  project.write("schema.sql",
                "CREATE TABLE items (id integer PRIMARY KEY, name text,\n"
                "  token uuid NOT NULL DEFAULT gen_random_uuid());\n");
  auto generated =
      run_sleet("generate --name token --backfill --backfill-batch 100", project.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_NE(generated.out.find("(4 statements)"), std::string::npos) << generated.out;

  // Row 550 cannot be updated while the test holds advisory lock 550 (a row lock would take
  // a table lock too, and ADD COLUMN would wait for that instead): the batch holding it waits.
  test_cluster().execute(
      "CREATE FUNCTION hold_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN\n"
      "  IF NEW.id = 550 THEN PERFORM pg_advisory_xact_lock_shared(550); END IF;\n"
      "  RETURN NEW;\nEND $$;\n"
      "CREATE TRIGGER hold_row BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION hold_row();",
      database);
  db::Connection holder = test_cluster().connect(database);
  holder.execute("SELECT pg_advisory_lock(550)");
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    if (chdir(project.path().c_str()) != 0) _exit(126);
    execl(SLEET_BINARY, SLEET_BINARY, "migrate", "--lock-timeout", "600",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  bool waiting = wait_until([&] { return lock_waiters(database, "sleet_backfill") == "1"; });
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(waiting) << "the backfill never waited for the held row";
  ASSERT_TRUE(wait_until([&] {
    return scalar(database,
                  "select count(*) from pg_stat_activity where query like '%sleet_backfill%' "
                  "and pid <> pg_backend_pid()") == "0";
  }));
  const int filled = std::stoi(scalar(database, "select count(token) from items"));
  EXPECT_GT(filled, 0) << "no batch was committed before the held row";
  EXPECT_LT(filled, 1000);
  EXPECT_EQ(tracking_rows(database).size(), 1u);  // only init
  test_cluster().execute("CREATE TABLE kept AS SELECT id, token FROM items WHERE token IS NOT NULL",
                         database);
  holder.execute("SELECT pg_advisory_unlock(550)");

  auto rerun = run_sleet("migrate", project.path());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
  EXPECT_NE(rerun.out.find("resumed: 2 of 4 statements were done by an earlier run"),
            std::string::npos)
      << rerun.out;
  EXPECT_EQ(scalar(database, "select count(*) from items where token is null"), "0");
  EXPECT_EQ(scalar(database, "select count(distinct token) from items"), "1000");
  // The committed batches were not filled again.
  EXPECT_EQ(scalar(database, "select count(*) from kept join items using (id, token)"),
            std::to_string(filled));
  EXPECT_EQ(scalar(database,
                   "select attnotnull from pg_attribute where attrelid = 'items'::regclass and "
                   "attname = 'token'"),
            "t");
  EXPECT_EQ(tracking_rows(database).size(), 2u);
}

}  // namespace
}  // namespace sleet::testing
