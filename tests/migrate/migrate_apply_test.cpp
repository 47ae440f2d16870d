// sleet migrate / status against the real test cluster: applying, re-applying, --to,
// failures with positions, edited and out-of-order files, non-transactional statements.
#include <gtest/gtest.h>

#include "migrate_test_support.h"
#include "sleet/migrate.h"

namespace sleet::testing {
namespace {

bool contains(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

std::vector<MigrationSpec> three_migrations() {
  return {{"a", "CREATE TABLE t_a (id int);\n--> statement-breakpoint\nINSERT INTO t_a VALUES (1);",
           1000},
          {"b", "CREATE TABLE t_b (id int);", 2000},
          {"c", "CREATE TABLE t_c (id int);", 3000}};
}

TEST(Migrate, AppliesOnceAndStopsAtTo) {
  TemporaryDirectory dir;
  auto database = test_cluster().fresh_database("apply");
  MigrationFolder folder = write_folder(dir.path() / "drizzle", three_migrations());

  auto first = migrate_cli(database, folder.directory(), "--to 0001_b");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(contains(first.out, "applied 0000_a")) << first.out;
  EXPECT_TRUE(contains(first.out, "1 pending migration after --to")) << first.out;
  EXPECT_TRUE(relation_exists(database, "t_b"));
  EXPECT_FALSE(relation_exists(database, "t_c"));
  EXPECT_EQ(tracking_rows(database).size(), 2u);

  auto second = migrate_cli(database, folder.directory());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_TRUE(relation_exists(database, "t_c"));
  auto rows = tracking_rows(database);
  ASSERT_EQ(rows.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const Migration& m = folder.migrations()[i];
    EXPECT_EQ(rows[i], m.hash + " " + std::to_string(m.entry.when));
  }

  auto again = migrate_cli(database, folder.directory());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(contains(again.out, "nothing to apply (3 migrations already applied)")) << again.out;
  EXPECT_EQ(tracking_rows(database).size(), 3u);
  EXPECT_EQ(test_cluster().execute("select count(*) from t_a", database).value(0, 0), "1");

  // sleet's history table records who and when.
  auto history = test_cluster().execute(
      "select tag, mode, applied_by like 'postgres@%' from drizzle.__sleet_migrations_history "
      "order by id",
      database);
  ASSERT_EQ(history.rows(), 3);
  EXPECT_EQ(history.value(0, 0), "0000_a");
  EXPECT_EQ(history.value(0, 1), "transaction");
  EXPECT_EQ(history.value(0, 2), "t");

  auto status = run_sleet(
      fmt::format("status --url '{}' --out drizzle", test_cluster().url(database)), dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(contains(status.out, "0002_c")) << status.out;
  EXPECT_TRUE(contains(status.out, "3 applied")) << status.out;
}

TEST(Migrate, DryRunChangesNothingAndJsonReports) {
  TemporaryDirectory dir;
  auto database = test_cluster().fresh_database("dry");
  MigrationFolder folder = write_folder(dir.path() / "drizzle", three_migrations());
  auto dry = migrate_cli(database, folder.directory(), "--dry-run");
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_TRUE(contains(dry.out, "would apply 0001_b")) << dry.out;
  EXPECT_FALSE(relation_exists(database, "drizzle.__drizzle_migrations"));

  auto json = migrate_cli(database, folder.directory(), "--json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto parsed = nlohmann::json::parse(json.out)["targets"];
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0]["report"]["applied"].size(), 3u);
  EXPECT_EQ(parsed[0]["report"]["applied"][2]["tag"], "0002_c");
}

TEST(Migrate, FailingStatementRollsBackThatMigrationAndNamesThePosition) {
  TemporaryDirectory dir;
  auto database = test_cluster().fresh_database("fail");
  MigrationFolder folder = write_folder(
      dir.path() / "drizzle",
      {{"ok", "CREATE TABLE t_ok (id int);", 1000},
       {"bad",
        "CREATE TABLE t_half (id int);\n--> statement-breakpoint\nCREATE INDEX t_half_id ON "
        "t_half (id);\n--> statement-breakpoint\n-- comment\nSELECT 'é✓' AS a, missing_column;",
        2000},
       {"later", "CREATE TABLE t_later (id int);", 3000}});
  auto result = migrate_cli(database, folder.directory());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(contains(result.err, "migration 0001_bad failed at statement 3 of 3")) << result.err;
  EXPECT_TRUE(contains(result.err, "missing_column")) << result.err;
  // Line 6, column 19 counted in characters (bytes would give 22).
  EXPECT_TRUE(contains(result.err, "0001_bad.sql:6:19")) << result.err;
  EXPECT_TRUE(contains(result.err, "rolled back")) << result.err;
  EXPECT_TRUE(relation_exists(database, "t_ok"));
  EXPECT_FALSE(relation_exists(database, "t_half"));
  EXPECT_FALSE(relation_exists(database, "t_half_id"));
  EXPECT_FALSE(relation_exists(database, "t_later"));
  EXPECT_EQ(tracking_rows(database).size(), 1u);
  // The lock was released: a second run gets as far as the same failure.
  auto again = migrate_cli(database, folder.directory(), "--lock-timeout 5");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(contains(again.err, "0001_bad failed")) << again.err;
}

TEST(Migrate, EditedFileIsRefusedUnlessAllowed) {
  TemporaryDirectory dir;
  auto database = test_cluster().fresh_database("edited");
  MigrationFolder folder = write_folder(dir.path() / "drizzle", three_migrations());
  ASSERT_EQ(migrate_cli(database, folder.directory(), "--to 0001_b").exit_code, 0);
  dir.write("drizzle/0000_a.sql", folder.migrations()[0].text + "\n-- reviewed");

  auto refused = migrate_cli(database, folder.directory());
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(contains(refused.err, "0000_a.sql")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "--allow-edited")) << refused.err;
  EXPECT_FALSE(relation_exists(database, "t_c"));

  auto status =
      run_sleet(fmt::format("status --url '{}' --out drizzle --json", test_cluster().url(database)),
                dir.path());
  EXPECT_EQ(status.exit_code, 1);
  auto json = nlohmann::json::parse(status.out)["targets"];
  EXPECT_EQ(json[0]["status"]["migrations"][0]["state"], "edited");
  EXPECT_EQ(json[0]["status"]["migrations"][2]["state"], "pending");

  auto allowed = migrate_cli(database, folder.directory(), "--allow-edited");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_TRUE(relation_exists(database, "t_c"));
  EXPECT_EQ(tracking_rows(database).size(), 3u);
}

TEST(Migrate, OutOfOrderIsRefusedUnlessAllowed) {
  TemporaryDirectory dir;
  auto database = test_cluster().fresh_database("order");
  auto out = dir.path() / "drizzle";
  write_folder(
      out, {{"a", "CREATE TABLE o_a (id int);", 1000}, {"c", "CREATE TABLE o_c (id int);", 3000}});
  ASSERT_EQ(migrate_cli(database, out).exit_code, 0);
  // A branch merged later: its migration is older than the newest applied one.
  dir.write("drizzle/0002_b.sql", "CREATE TABLE o_b (id int);");
  Journal journal = parse_journal(read_file(out / "meta/_journal.json"), "j");
  journal.entries.push_back({2, "7", 2000, "0002_b", true});
  dir.write("drizzle/meta/_journal.json", format_journal(journal));

  auto refused = migrate_cli(database, out);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(contains(refused.err, "0002_b")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "drizzle-kit migrate would silently skip")) << refused.err;
  EXPECT_FALSE(relation_exists(database, "o_b"));
  auto status = run_sleet(
      fmt::format("status --url '{}' --out drizzle", test_cluster().url(database)), dir.path());
  EXPECT_EQ(status.exit_code, 1);
  EXPECT_TRUE(contains(status.out, "OUT OF ORDER")) << status.out;

  auto allowed = migrate_cli(database, out, "--allow-out-of-order");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_TRUE(relation_exists(database, "o_b"));
}

TEST(Migrate, ConcurrentIndexRunsOutsideATransaction) {
  TemporaryDirectory dir;
  auto database = test_cluster().fresh_database("concurrently");
  auto out = dir.path() / "drizzle";
  write_folder(out, {{"table", "CREATE TABLE big (id int, v int);", 1000},
                     {"index",
                      "CREATE INDEX CONCURRENTLY big_id ON big (id);\n--> statement-breakpoint\n"
                      "CREATE INDEX CONCURRENTLY big_v ON big (v); DROP INDEX CONCURRENTLY big_v;",
                      2000},
                     {"forced", "-- sleet:transaction=off\nVACUUM big;", 3000}});
  auto result = migrate_cli(database, out);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, "applied 0001_index")) << result.out;
  EXPECT_TRUE(contains(result.out, "outside a transaction")) << result.out;
  EXPECT_TRUE(relation_exists(database, "big_id"));
  EXPECT_FALSE(relation_exists(database, "big_v"));
  EXPECT_EQ(tracking_rows(database).size(), 3u);

  // All in one transaction cannot work: refused before anything runs.
  auto other = test_cluster().fresh_database("concurrently_single");
  auto single = migrate_cli(other, out, "--single-transaction");
  EXPECT_EQ(single.exit_code, 2) << single.err;
  EXPECT_TRUE(contains(single.err, "CREATE INDEX CONCURRENTLY")) << single.err;
  EXPECT_FALSE(relation_exists(other, "big"));
}

TEST(Migrate, SingleTransactionAndTransactionLockMode) {
  TemporaryDirectory dir;
  auto out = dir.path() / "drizzle";
  write_folder(out,
               {{"a", "CREATE TABLE s_a (id int);", 1000},
                {"b", "CREATE TABLE s_b (id int);\n--> statement-breakpoint\nSELECT nope;", 2000}});
  auto database = test_cluster().fresh_database("single");
  auto failed = migrate_cli(database, out, "--single-transaction");
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_FALSE(relation_exists(database, "s_a"));  // the whole batch rolled back
  dir.write("drizzle/0001_b.sql", "CREATE TABLE s_b (id int);");
  auto applied = migrate_cli(database, out, "--lock-mode transaction --statement-timeout 10");
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_TRUE(relation_exists(database, "s_b"));
  EXPECT_EQ(tracking_rows(database).size(), 2u);
  EXPECT_EQ(
      test_cluster()
          .execute("select string_agg(mode, ',') from drizzle.__sleet_migrations_history", database)
          .value(0, 0),
      "single-transaction,single-transaction");
}

TEST(Migrate, CreatesDatabaseExtensionsAndSchemasFromConfig) {
  TemporaryDirectory dir;
  std::string database = "created_by_sleet_" + std::to_string(::getpid());
  dir.write("sleet.toml", fmt::format("url = \"{}\"\nschema_filter = [\"public\", \"auth\"]\n"
                                      "extensions = [\"pgcrypto\"]\n",
                                      test_cluster().url(database)));
  write_folder(dir.path() / "drizzle",
               {{"a", "CREATE TABLE auth.users (id uuid DEFAULT gen_random_uuid());", 1000}});
  auto missing = run_sleet("migrate", dir.path());
  EXPECT_EQ(missing.exit_code, 3) << missing.err;
  auto result = run_sleet("migrate --create-database --wait 5", dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(relation_exists(database, "auth.users"));
  test_cluster().drop_database(database);
}

TEST(Migrate, AllTargetsContinuePastAFailure) {
  TemporaryDirectory dir;
  auto good = test_cluster().fresh_database("all_good");
  dir.write("sleet.toml", fmt::format("[targets.broken]\nurl = \"{}\"\nout = \"broken\"\n"
                                      "[targets.good]\nurl = \"{}\"\nout = \"good\"\n",
                                      test_cluster().url(good), test_cluster().url(good)));
  write_folder(dir.path() / "good", {{"a", "CREATE TABLE g (id int);", 1000}});
  auto result = run_sleet("migrate --all", dir.path());
  // The one failed target's own code (its folder is missing: 2), not a flat 1.
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.err, "FAIL broken")) << result.err;
  EXPECT_TRUE(contains(result.out, "ok   good: 1 applied")) << result.out;
  EXPECT_TRUE(contains(result.out, "2 targets: 1 ok, 1 failed")) << result.out;
  EXPECT_TRUE(relation_exists(good, "g"));
}

TEST(Migrate, BadInputAndConnectionFailures) {
  TemporaryDirectory dir;
  auto database = test_cluster().fresh_database("badinput");
  auto url = test_cluster().url(database);
  auto run = [&](const std::string& args) { return run_sleet("migrate " + args, dir.path()); };

  auto missing = run(fmt::format("--url '{}' --out nowhere", url));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.err, "nowhere")) << missing.err;

  dir.write("broken/meta/_journal.json", "{\"version\": \"7\", \"entries\": [,]}");
  auto broken = run(fmt::format("--url '{}' --out broken", url));
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_TRUE(contains(broken.err, "_journal.json:1:")) << broken.err;

  write_folder(dir.path() / "nofile", {{"a", "SELECT 1;", 1000}});
  std::filesystem::remove(dir.path() / "nofile/0000_a.sql");
  auto no_file = run(fmt::format("--url '{}' --out nofile", url));
  EXPECT_EQ(no_file.exit_code, 2);
  EXPECT_TRUE(contains(no_file.err, "0000_a.sql")) << no_file.err;

  // Unreadable file: tests run as root, whom chmod 000 does not stop, so a directory stands
  // in for the file.
  write_folder(dir.path() / "unreadable", {{"a", "SELECT 1;", 1000}});
  std::filesystem::remove(dir.path() / "unreadable/0000_a.sql");
  std::filesystem::create_directory(dir.path() / "unreadable/0000_a.sql");
  auto unreadable = run(fmt::format("--url '{}' --out unreadable", url));
  EXPECT_EQ(unreadable.exit_code, 2);
  EXPECT_TRUE(contains(unreadable.err, "0000_a.sql")) << unreadable.err;

  write_folder(dir.path() / "ok", {{"a", "SELECT 1;", 1000}});
  auto settings = test_cluster().settings(database);
  settings.password = "wrong-password";
  auto wrong = run(fmt::format("--url '{}' --out ok", settings.url(true)));
  EXPECT_EQ(wrong.exit_code, 3) << wrong.err;
  EXPECT_FALSE(contains(wrong.err, "wrong-password")) << wrong.err;

  auto down = run("--url 'postgres://postgres:x@127.0.0.1:1/db' --out ok");
  EXPECT_EQ(down.exit_code, 3) << down.err;
  auto start = std::chrono::steady_clock::now();
  auto waited = run("--url 'postgres://postgres:x@127.0.0.1:1/db' --out ok --wait 2");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(waited.exit_code, 3) << waited.err;
  EXPECT_GE(seconds, 1.5);
}

}  // namespace
}  // namespace sleet::testing

namespace sleet::testing {
namespace {

TEST(MigrateTimeouts, StatementTimeoutFromConfigStopsALongStatement) {
  TemporaryDirectory dir;
  auto database = test_cluster().fresh_database("timeout");
  dir.write("sleet.toml", fmt::format("url = \"{}\"\nstatement_timeout = 0.5\n",
                                      test_cluster().url(database)));
  dir.write("drizzle/meta/_journal.json",
            R"({"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7",)"
            R"("when":1700000000000,"tag":"0000_slow","breakpoints":true}]})");
  dir.write("drizzle/0000_slow.sql", "CREATE TABLE slow (id int);\n--> statement-breakpoint\n"
                                     "SELECT pg_sleep(5);");
  auto result = run_sleet("migrate", dir.path());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("statement timeout"), std::string::npos) << result.err;
  EXPECT_FALSE(relation_exists(database, "slow"));
  // The flag overrides the config.
  auto patient = run_sleet("migrate --statement-timeout 30", dir.path());
  EXPECT_EQ(patient.exit_code, 0) << patient.err;
}

}  // namespace
}  // namespace sleet::testing
