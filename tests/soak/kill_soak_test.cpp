// The kill -9 soak (docs/reliability.md): a dozen migrations, transactional and not (indexes
// built concurrently on a table of many rows), `sleet migrate` killed with SIGKILL at a random
// moment, or the server stopped as `pg_ctl stop -m immediate` does and restarted, then a plain
// `sleet migrate`. Every re-run must exit 0 and leave what a fresh apply leaves: the same
// catalog, each migration recorded and run once, no INVALID index, no advisory lock left.
//
// CTest runs a few rounds on a small table. scripts/soak runs many on a large one:
// SLEET_SOAK_KILLS, SLEET_SOAK_STOPS (rounds of each kind), SLEET_SOAK_ROWS (rows in the
// indexed table) and SLEET_SOAK_SEED (the random moments) set them.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <set>
#include <thread>

#include "migrate/migrate_test_support.h"
#include "support/catalog_fingerprint.h"

namespace sleet::testing {
namespace {

using Clock = std::chrono::steady_clock;

long setting(const char* name, long fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::strtol(value, nullptr, 10) : fallback;
}

// Twelve migrations; each records that it ran in `runs` (once, or the soak fails).
void write_soak_folder(const std::filesystem::path& out, long rows) {
  auto with_run = [](const std::string& tag, const std::string& text) {
    return text + "\n--> statement-breakpoint\nINSERT INTO runs VALUES ('" + tag + "');";
  };
  write_folder(
      out,
      {{"m00",
        with_run("m00", fmt::format("CREATE TABLE runs (migration text NOT NULL);\n"
                                    "--> statement-breakpoint\n"
                                    "CREATE TABLE big (id int PRIMARY KEY, name text, n int);\n"
                                    "--> statement-breakpoint\n"
                                    "INSERT INTO big SELECT g, md5(g::text), g % 1000 FROM "
                                    "generate_series(1, {}) g;",
                                    rows)),
        1000},
       {"m01",
        with_run("m01",
                 "CREATE TABLE orders (id serial PRIMARY KEY, big_id int REFERENCES big, "
                 "total numeric(12,2) NOT NULL DEFAULT 0);"),
        2000},
       {"m02", with_run("m02", "CREATE INDEX CONCURRENTLY big_name ON big (name);"), 3000},
       {"m03", with_run("m03", "ALTER TABLE big ADD COLUMN note text DEFAULT 'x';"), 4000},
       {"m04",
        with_run("m04",
                 "CREATE TYPE state AS ENUM ('new', 'paid');\n--> statement-breakpoint\n"
                 "ALTER TABLE orders ADD COLUMN state state NOT NULL DEFAULT 'new';"),
        5000},
       {"m05",
        with_run("m05",
                 "CREATE INDEX CONCURRENTLY big_n ON big (n);\n--> statement-breakpoint\n"
                 "CREATE INDEX CONCURRENTLY big_note ON big (note);"),
        6000},
       {"m06", with_run("m06", "UPDATE big SET n = n + 1 WHERE id % 7 = 0;"), 7000},
       {"m07",
        with_run("m07", "CREATE VIEW big_counts AS SELECT n, count(*) AS c FROM big GROUP BY n;"),
        8000},
       {"m08",
        with_run("m08",
                 "DROP INDEX CONCURRENTLY big_n;\n--> statement-breakpoint\n"
                 "CREATE UNIQUE INDEX CONCURRENTLY big_id_name ON big (id, name);"),
        9000},
       {"m09",
        with_run("m09",
                 "CREATE FUNCTION big_total() RETURNS bigint LANGUAGE sql AS "
                 "$$ SELECT count(*) FROM big $$;"),
        10000},
       {"m10",
        with_run("m10",
                 "ALTER TABLE big ADD CONSTRAINT big_n_positive CHECK (n >= 0) NOT VALID;\n"
                 "--> statement-breakpoint\n"
                 "ALTER TABLE big VALIDATE CONSTRAINT big_n_positive;"),
        11000},
       {"m11", with_run("m11", "CREATE TABLE finished (id int);"), 12000}});
}

pid_t start_migrate(const std::string& database, const std::filesystem::path& out) {
  std::string url = test_cluster().url(database);
  std::fflush(stdout);  // or the child's freopen writes the parent's buffered output again
  pid_t child = fork();
  if (child == 0) {
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execl(SLEET_BINARY, SLEET_BINARY, "migrate", "--url", url.c_str(), "--out", out.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  return child;
}

std::string scalar(const std::string& sql, const std::string& database) {
  return std::string(test_cluster().execute(sql, database).value(0, 0));
}

// What a fresh apply leaves, compared with `database` after an interrupted run and a re-run.
void expect_as_fresh(const std::string& database, const std::vector<std::string>& reference,
                     const std::string& round) {
  auto lines = catalog_lines(test_cluster(), database);
  EXPECT_EQ(lines, reference) << round << "\n" << catalog_difference(reference, lines);
  auto rows = tracking_rows(database);
  EXPECT_EQ(rows.size(), 12u) << round;
  EXPECT_EQ(std::set<std::string>(rows.begin(), rows.end()).size(), rows.size()) << round;
  EXPECT_EQ(scalar("select count(*) || ' ' || count(distinct migration) from runs", database),
            "12 12")
      << round;
  EXPECT_EQ(scalar("select count(*) from pg_index where not indisvalid", database), "0") << round;
  EXPECT_EQ(scalar("select count(*) from pg_locks where locktype = 'advisory'", database), "0")
      << round;
  EXPECT_EQ(scalar("select count(*) from drizzle.__sleet_migration_progress", database), "0")
      << round;
}

TEST(KillSoak, InterruptedMigrationsFinishAsAFreshApply) {
  const long kills = setting("SLEET_SOAK_KILLS", 4);
  const long stops = setting("SLEET_SOAK_STOPS", 2);
  const long rows = setting("SLEET_SOAK_ROWS", 20000);
  const long seed = setting("SLEET_SOAK_SEED", 20261206);
  TemporaryDirectory dir;
  auto out = dir.path() / "drizzle";
  write_soak_folder(out, rows);

  std::string fresh = test_cluster().fresh_database("soak_fresh");
  auto start = Clock::now();
  CommandResult applied = migrate_cli(fresh, out);
  double fresh_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  const std::vector<std::string> reference = catalog_lines(test_cluster(), fresh);
  test_cluster().drop_database(fresh);

  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> moment(0, fresh_ms * 1.1);
  int finished_before_interrupt = 0;
  for (long round = 0; round < kills + stops; ++round) {
    bool stop_server = round >= kills;
    std::string label = fmt::format("round {} ({}, seed {})", round + 1,
                                    stop_server ? "server stopped" : "kill -9", seed);
    std::string database = test_cluster().fresh_database("soak");
    double at_ms = moment(random);
    pid_t child = start_migrate(database, out);
    std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(at_ms));
    int status = 0;
    if (stop_server) {
      test_cluster().crash_and_restart();
      waitpid(child, &status, 0);
    } else {
      kill(child, SIGKILL);
      waitpid(child, &status, 0);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) ++finished_before_interrupt;
    CommandResult rerun = migrate_cli(database, out);
    EXPECT_EQ(rerun.exit_code, 0) << label << " at " << at_ms << " ms\n" << rerun.err;
    expect_as_fresh(database, reference, label);
    test_cluster().drop_database(database);
    if (::testing::Test::HasFailure()) break;
  }
  std::cout << fmt::format(
      "[ figure ] {} kill -9 and {} server stops (seed {}, {} rows, fresh apply {:.0f} ms): "
      "every re-run exit 0 and equal to a fresh apply; {} runs had finished before the "
      "interruption\n",
      kills, stops, seed, rows, fresh_ms, finished_before_interrupt);
}

}  // namespace
}  // namespace sleet::testing
