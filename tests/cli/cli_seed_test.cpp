// `sleet seed` and `sleet db create|drop` against the real test cluster.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

long count_rows(const std::string& database, const std::string& table) {
  return std::stol(std::string(
      test_cluster().execute("SELECT count(*) FROM " + table, database).value(0, 0)));
}

TEST(CliSeed, RunsNewAndChangedFilesOnceInOrder) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("seed");
  cluster.execute("CREATE TABLE roles (name text PRIMARY KEY); CREATE TABLE users (email text "
                  "PRIMARY KEY, role text REFERENCES roles)",
                  database);
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("url = \"{}\"\nseed = [\"seeds/*.sql\"]\n", cluster.url(database)));
  dir.write("seeds/01_roles.sql", "INSERT INTO roles VALUES ('admin'), ('user');\n");
  dir.write("seeds/02_users.sql", "INSERT INTO users VALUES ('a@example.com', 'admin');\n");

  auto first = run_sleet("seed", dir.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("applied seeds/01_roles.sql (2 rows)"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("applied seeds/02_users.sql (1 rows)"), std::string::npos) << first.out;

  auto second = run_sleet("seed", dir.path());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("unchanged seeds/01_roles.sql"), std::string::npos) << second.out;
  EXPECT_EQ(count_rows(database, "roles"), 2);

  dir.write("seeds/02_users.sql",
            "INSERT INTO users VALUES ('b@example.com', 'user') ON CONFLICT DO NOTHING;\n");
  auto changed = run_sleet("seed", dir.path());
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_NE(changed.out.find("unchanged seeds/01_roles.sql"), std::string::npos) << changed.out;
  EXPECT_NE(changed.out.find("applied seeds/02_users.sql (1 rows)"), std::string::npos)
      << changed.out;
  EXPECT_EQ(count_rows(database, "users"), 2);

  // --all-files runs unchanged files too: roles would now collide, so nothing is kept.
  auto all = run_sleet("seed --all-files", dir.path());
  EXPECT_EQ(all.exit_code, 1) << all.err;
  EXPECT_NE(all.err.find("seeds/01_roles.sql:1:1"), std::string::npos) << all.err;
  EXPECT_NE(all.err.find("duplicate key"), std::string::npos) << all.err;
  EXPECT_EQ(count_rows(database, "roles"), 2);
  EXPECT_EQ(count_rows(database, "users"), 2);
}

TEST(CliSeed, FailingStatementRollsBackEverySeedAndNamesTheLocation) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("seed_fail");
  cluster.execute("CREATE TABLE things (id int PRIMARY KEY)", database);
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("url = \"{}\"\nseed = [\"seeds/*.sql\"]\n", cluster.url(database)));
  dir.write("seeds/a.sql", "INSERT INTO things VALUES (1);\n");
  dir.write("seeds/b.sql", "INSERT INTO things VALUES (2);\n\nINSERT INTO thingz VALUES (3);\n");
  auto result = run_sleet("seed", dir.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("seeds/b.sql:3:13"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("thingz"), std::string::npos) << result.err;
  EXPECT_EQ(count_rows(database, "things"), 0);

  // Columns count characters, as in every other file sleet reports on (docs/errors.md):
  // "é" and "✓" are one column each, though two and three bytes.
  dir.write("seeds/b.sql", "INSERT INTO things VALUES (2);\nSELECT 'é✓', nope FROM things;\n");
  auto multibyte = run_sleet("seed", dir.path());
  EXPECT_EQ(multibyte.exit_code, 1);
  EXPECT_NE(multibyte.err.find("seeds/b.sql:2:14"), std::string::npos) << multibyte.err;
}

TEST(CliSeed, BootstrapRunsOnceAndShowsWhatItReturnedOnce) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("seed_boot");
  cluster.execute("CREATE TABLE admins (name text, secret text)", database);
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("url = \"{}\"\n[seed]\nbootstrap = [\"bootstrap/*.sql\"]\n",
                                      cluster.url(database)));
  dir.write("bootstrap/admin.sql",
            "INSERT INTO admins SELECT 'admin', md5(random()::text) RETURNING secret AS "
            "admin_password;\n");
  auto first = run_sleet("seed", dir.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("admin_password="), std::string::npos) << first.out;
  std::string secret(cluster.execute("SELECT secret FROM admins", database).value(0, 0));
  EXPECT_NE(first.out.find(secret), std::string::npos);

  auto second = run_sleet("seed", dir.path());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out.find("admin_password="), std::string::npos) << second.out;
  EXPECT_EQ(count_rows(database, "admins"), 1);
}

TEST(CliSeed, VariablesAreBoundAsQuotedLiteralsAndIdentifiers) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("seed_vars");
  cluster.execute("CREATE TABLE users (email text PRIMARY KEY); CREATE TABLE notes (body text)",
                  database);
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            fmt::format("url = \"{}\"\nseed = [\"seeds/*.sql\"]\n", cluster.url(database)));
  // A value that would end the literal and run a statement if it were spliced in.
  dir.write(".env",
            "ADMIN_EMAIL=\"o'brien@example.com'); DROP TABLE users; --\"\n"
            "AUDIT_TABLE=\"audit \\\"log\\\"\"\n");
  dir.write("seeds/01_admin.sql",
            "-- the admin, from :'ADMIN_EMAIL' in the environment\n"
            "INSERT INTO users VALUES (:'ADMIN_EMAIL');\n"
            "CREATE TABLE :\"AUDIT_TABLE\" (who text);\n"
            "INSERT INTO :\"AUDIT_TABLE\" SELECT email FROM users;\n"
            // Inside a string literal, a dollar quote or a comment: text, not a variable.
            "INSERT INTO notes VALUES (':''ADMIN_EMAIL'''), ($$:'ADMIN_EMAIL'$$), "
            "($body$ :\"AUDIT_TABLE\" $body$); /* :'ADMIN_EMAIL' */\n");
  auto result = run_sleet("seed", dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(std::string(cluster.execute("SELECT email FROM users", database).value(0, 0)),
            "o'brien@example.com'); DROP TABLE users; --");
  EXPECT_EQ(
      std::string(cluster.execute("SELECT who FROM \"audit \"\"log\"\"\"", database).value(0, 0)),
      "o'brien@example.com'); DROP TABLE users; --");
  auto notes = cluster.execute("SELECT body FROM notes ORDER BY body", database);
  ASSERT_EQ(notes.rows(), 3);
  EXPECT_EQ(std::string(notes.value(0, 0)), " :\"AUDIT_TABLE\" ");
  EXPECT_EQ(std::string(notes.value(1, 0)), ":'ADMIN_EMAIL'");
  EXPECT_EQ(std::string(notes.value(2, 0)), ":'ADMIN_EMAIL'");
}

TEST(CliSeed, UnsetVariableIsNamedAtItsPositionAndNothingRuns) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("seed_unset");
  cluster.execute("CREATE TABLE users (email text PRIMARY KEY, name text)", database);
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            fmt::format("url = \"{}\"\nseed = [\"seeds/*.sql\"]\n", cluster.url(database)));
  dir.write("seeds/users.sql",
            "INSERT INTO users VALUES ('first@example.com', 'first');\n"
            "INSERT INTO users VALUES (:'ADMIN_EMAIL', :'ADMIN_NAME');\n");
  auto unset = run_sleet("seed", dir.path(), "ADMIN_EMAIL=a@example.com");
  EXPECT_EQ(unset.exit_code, 2) << unset.err;
  EXPECT_NE(unset.err.find("seeds/users.sql:2:43: seed variable ADMIN_NAME is not set"),
            std::string::npos)
      << unset.err;
  EXPECT_EQ(count_rows(database, "users"), 0);

  // The server's error positions after a bound value still point into the file.
  dir.write("seeds/users.sql", "SELECT :'ADMIN_EMAIL', nosuch_column FROM users;\n");
  auto failing = run_sleet("seed", dir.path(), "ADMIN_EMAIL=a@example.com");
  EXPECT_EQ(failing.exit_code, 1) << failing.err;
  EXPECT_NE(failing.err.find("seeds/users.sql:1:24"), std::string::npos) << failing.err;

  dir.write("seeds/users.sql", "INSERT INTO users VALUES (:'ADMIN_EMAIL', :'ADMIN_NAME');\n");
  auto set = run_sleet("seed", dir.path(), "ADMIN_EMAIL=a@example.com ADMIN_NAME=Ada");
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_EQ(std::string(cluster.execute("SELECT name FROM users", database).value(0, 0)), "Ada");
}

TEST(CliDbAdmin, CreateAndDropWithConfirmationAndProductionGuard) {
  auto& cluster = test_cluster();
  TemporaryDirectory dir;
  std::string url = cluster.url("sleet_cli_admin_db");
  dir.write("sleet.toml", fmt::format("url = \"{}\"\n", url));

  auto create = run_sleet("db create", dir.path());
  ASSERT_EQ(create.exit_code, 0) << create.err;
  EXPECT_NE(create.out.find("created"), std::string::npos) << create.out;
  auto again = run_sleet("db create", dir.path());
  EXPECT_NE(again.out.find("already exists"), std::string::npos) << again.out;

  auto exists = [&] {
    return cluster.execute("SELECT count(*) FROM pg_database WHERE datname = 'sleet_cli_admin_db'")
               .value(0, 0) == "1";
  };
  auto unconfirmed = run_sleet("db drop", dir.path());
  EXPECT_EQ(unconfirmed.exit_code, 2);
  EXPECT_NE(unconfirmed.err.find("--force"), std::string::npos) << unconfirmed.err;
  EXPECT_TRUE(exists());

  auto production = run_sleet("db drop --force", dir.path(), "SLEET_ENV=production");
  EXPECT_EQ(production.exit_code, 2);
  EXPECT_NE(production.err.find("production"), std::string::npos) << production.err;
  EXPECT_TRUE(exists());
  auto node_production = run_sleet("db drop --force", dir.path(), "NODE_ENV=production");
  EXPECT_EQ(node_production.exit_code, 2);
  EXPECT_TRUE(exists());

  auto dropped = run_sleet("db drop --force", dir.path());
  ASSERT_EQ(dropped.exit_code, 0) << dropped.err;
  EXPECT_FALSE(exists());

  run_sleet("db create", dir.path());
  auto forced = run_sleet("db drop --force --force-production", dir.path(), "SLEET_ENV=production");
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_FALSE(exists());
}

}  // namespace
}  // namespace sleet::testing

namespace sleet::testing {
namespace {

TEST(CliReset, GuardedThenDropsMigratesAndSeedsAgain) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("reset");
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("url = \"{}\"\nschema = \"schema/*.sql\"\n"
                                      "seed = [\"seeds/*.sql\"]\n",
                                      cluster.url(database)));
  dir.write("schema/a.sql", "CREATE TABLE notes (id int PRIMARY KEY, body text);\n");
  dir.write("seeds/a.sql", "INSERT INTO notes VALUES (1, 'seeded');\n");
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  ASSERT_EQ(run_sleet("up", dir.path()).exit_code, 0);
  ASSERT_EQ(run_sleet("seed", dir.path()).exit_code, 0);
  cluster.execute("INSERT INTO notes VALUES (2, 'by hand'); CREATE TABLE stray (x int)", database);

  auto unconfirmed = run_sleet("reset", dir.path());
  EXPECT_EQ(unconfirmed.exit_code, 2) << unconfirmed.err;
  auto production = run_sleet("reset --force", dir.path(), "NODE_ENV=production");
  EXPECT_EQ(production.exit_code, 2) << production.err;
  EXPECT_NE(production.err.find("production"), std::string::npos) << production.err;
  EXPECT_EQ(count_rows(database, "notes"), 2);

  auto reset = run_sleet("reset --force", dir.path());
  ASSERT_EQ(reset.exit_code, 0) << reset.err;
  EXPECT_EQ(count_rows(database, "notes"), 1);
  EXPECT_EQ(cluster.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'stray'", database)
                .value(0, 0),
            "0");
  EXPECT_EQ(count_rows(database, "drizzle.__drizzle_migrations"), 1);
}

// reset --push: no migration folder at all; the schema files are pushed after the drop, the
// tracking table stays empty, then the seeds run.
TEST(CliReset, PushRebuildsFromTheSchemaFilesWithoutMigrations) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("reset_push");
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("url = \"{}\"\nschema = \"schema/*.sql\"\n"
                                      "seed = [\"seeds/*.sql\"]\n",
                                      cluster.url(database)));
  dir.write("schema/a.sql", "CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL);\n");
  dir.write("seeds/a.sql", "INSERT INTO notes VALUES (1, 'seeded');\n");
  cluster.execute("CREATE TABLE notes (id int PRIMARY KEY, body text, old text);"
                  "INSERT INTO notes VALUES (7, NULL, 'x'); CREATE TABLE stray (x int)",
                  database);

  auto unconfirmed = run_sleet("reset --push", dir.path());
  EXPECT_EQ(unconfirmed.exit_code, 2) << unconfirmed.err;
  EXPECT_EQ(count_rows(database, "stray"), 0);  // still there

  auto reset = run_sleet("reset --push --force", dir.path());
  ASSERT_EQ(reset.exit_code, 0) << reset.err << reset.out;
  EXPECT_EQ(count_rows(database, "notes"), 1);
  EXPECT_EQ(cluster.execute("SELECT count(*) FROM pg_tables WHERE tablename IN ('stray', "
                            "'__drizzle_migrations')",
                            database)
                .value(0, 0),
            "0");
  EXPECT_EQ(cluster.execute("SELECT attnotnull FROM pg_attribute WHERE attrelid = "
                            "'notes'::regclass AND attname = 'body'",
                            database)
                .value(0, 0),
            "t");
  auto again = run_sleet("push", dir.path());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("No changes"), std::string::npos) << again.out;
}

}  // namespace
}  // namespace sleet::testing
