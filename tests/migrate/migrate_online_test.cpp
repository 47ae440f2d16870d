// An online migration does not block writers where the plain one does. An application holds
// a write transaction open on `items`; the migration adding an index then waits. With the
// plain CREATE INDEX (SHARE lock) waiting in the lock queue, a new INSERT queues behind it;
// with CREATE INDEX CONCURRENTLY (SHARE UPDATE EXCLUSIVE) the INSERT completes while the
// build still waits. Asserted from pg_stat_activity / pg_blocking_pids states, not timings.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "migrate_test_support.h"
#include "sleet/diff.h"
#include "sleet/generate.h"
#include "sleet/migrate.h"
#include "sleet/plan.h"
#include "sleet/rename_resolvers.h"
#include "sleet/sources.h"

namespace sleet::testing {
namespace {

bool wait_until(const std::function<bool()>& done) {
  for (int i = 0; i < 3000; ++i) {  // a deadline of 60 s so a broken run fails, not hangs
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::string scalar(const std::string& database, const std::string& sql) {
  return std::string(test_cluster().execute(sql, database).value(0, 0));
}

// The migration generate writes for adding an index on the existing table `items`.
std::vector<std::string> add_index_migration(bool online) {
  Schema from = parse_schema_sql("CREATE TABLE items (id integer PRIMARY KEY, name text);", "a");
  Schema to = parse_schema_sql(
      "CREATE TABLE items (id integer PRIMARY KEY, name text);"
      "CREATE INDEX items_name_idx ON items (name);",
      "b");
  CollectingRenameResolver none;
  return migration_statements(
      plan_changes(diff_schemas(from, to, none), from, to, PlanOptions{online}));
}

struct WriterOutcome {
  bool blocked_by_migration = false;  // the INSERT waited in the lock queue behind it
  bool completed_while_migration_waited = false;
};

WriterOutcome run_with_open_writer(bool online) {
  TemporaryDirectory dir;
  std::string database = test_cluster().fresh_database(online ? "online_writer" : "plain_writer");
  test_cluster().execute(
      "CREATE TABLE items (id integer PRIMARY KEY, name text);"
      "INSERT INTO items SELECT g, 'item' || g FROM generate_series(1, 1000) g;",
      database);
  MigrationFolder folder = MigrationFolder::open_or_create(dir.path() / "drizzle");
  NewMigration entry;
  entry.name = "index";
  entry.statements = add_index_migration(online);
  folder.append(entry);

  db::Connection open_writer = test_cluster().connect(database);
  open_writer.execute("BEGIN");
  open_writer.execute("INSERT INTO items VALUES (100001, 'open')");

  MigrateOptions options;
  options.statement_lock_timeout = std::chrono::milliseconds(0);  // wait as long as it takes
  std::string migrate_error;
  std::thread migrator([&] {
    try {
      db::Connection connection = test_cluster().connect(database);
      connection.execute("SET application_name = 'migrator'");
      migrate(connection, folder, options);
    } catch (const std::exception& e) {
      migrate_error = e.what();
    }
  });
  auto migrator_waits = [&] {
    return scalar(database,
                  "select count(*) from pg_stat_activity where application_name = 'migrator' "
                  "and wait_event_type = 'Lock' and query like '%CREATE INDEX%'") == "1";
  };
  EXPECT_TRUE(wait_until(migrator_waits)) << "the migration never waited for the open writer";

  std::atomic<bool> inserted{false};
  std::thread writer([&] {
    db::Connection connection = test_cluster().connect(database);
    connection.execute("SET application_name = 'writer'");
    connection.execute("INSERT INTO items VALUES (100002, 'new')");
    inserted = true;
  });
  WriterOutcome outcome;
  auto writer_blocked_by_migrator = [&] {
    return scalar(database,
                  "select count(*) from pg_stat_activity w, pg_stat_activity m "
                  "where w.application_name = 'writer' and m.application_name = 'migrator' "
                  "and m.pid = any(pg_blocking_pids(w.pid))") == "1";
  };
  EXPECT_TRUE(wait_until([&] { return inserted || writer_blocked_by_migrator(); }));
  if (inserted) {
    outcome.completed_while_migration_waited = migrator_waits();
  } else {
    outcome.blocked_by_migration = writer_blocked_by_migrator();
  }
  open_writer.execute("COMMIT");
  writer.join();
  migrator.join();
  EXPECT_EQ(migrate_error, "");
  EXPECT_EQ(scalar(database,
                   "select indisvalid from pg_index where indexrelid = 'items_name_idx'::regclass"),
            "t");
  EXPECT_EQ(scalar(database, "select count(*) from items"), "1002");
  test_cluster().drop_database(database);
  return outcome;
}

TEST(MigrateOnline, PlainIndexBuildQueuesWritersBehindIt) {
  WriterOutcome plain = run_with_open_writer(false);
  EXPECT_TRUE(plain.blocked_by_migration);
  EXPECT_FALSE(plain.completed_while_migration_waited);
}

TEST(MigrateOnline, ConcurrentIndexBuildLetsWritersThrough) {
  WriterOutcome online = run_with_open_writer(true);
  EXPECT_TRUE(online.completed_while_migration_waited);
  EXPECT_FALSE(online.blocked_by_migration);
}

}  // namespace
}  // namespace sleet::testing
