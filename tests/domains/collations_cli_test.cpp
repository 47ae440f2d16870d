// tests/domains: collations (CREATE COLLATION, COMMENT ON COLLATION, columns, a domain and an
// index key naming one) through the commands with the real binary: a psql-loaded schema that
// push leaves alone and that pg_dump writes back as the same schema, pulled back; generated and
// migrated, the collation doing its work on rows, and a changed definition migrated with the
// rows kept.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "support/postgres_clients.h"
#include "support/schema_project.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchema = R"sql(
CREATE SCHEMA auth;

CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
COMMENT ON COLLATION case_insensitive IS 'compares emails whatever their case';
CREATE COLLATION auth.bytewise (provider = libc, lc_collate = 'C', lc_ctype = 'POSIX');

CREATE DOMAIN auth.login_name AS text COLLATE case_insensitive CHECK (VALUE <> '');

CREATE TABLE users (
  id integer PRIMARY KEY,
  email text COLLATE case_insensitive NOT NULL UNIQUE,
  login auth.login_name,
  code text
);
CREATE INDEX users_code ON users (code COLLATE auth.bytewise);
)sql";

// The everyday case alone: emails unique whatever their case.
constexpr const char* kEmails = R"sql(
CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
COMMENT ON COLLATION case_insensitive IS 'compares emails whatever their case';

CREATE TABLE users (
  id integer PRIMARY KEY,
  email text COLLATE case_insensitive NOT NULL UNIQUE
);
CREATE VIEW user_emails AS SELECT id, email FROM users;
)sql";

std::string value(const std::string& sql, const std::string& database) {
  return std::string(test_cluster().execute(sql, database).value(0, 0));
}

// The database's own collations: schema.name provider deterministic locale comment.
std::string collations_in(const std::string& database) {
  return value(
      "select coalesce(string_agg(format('%s.%s %s %s %s %s', n.nspname, c.collname, "
      "c.collprovider, c.collisdeterministic, coalesce(c.colliculocale, c.collcollate || '/' || "
      "c.collctype), coalesce(obj_description(c.oid, 'pg_collation'), '-')), E'\\n' order by "
      "c.collname), '') from pg_collation c join pg_namespace n on n.oid = c.collnamespace "
      "where n.nspname in ('public', 'auth')",
      database);
}

// A team adopting sleet from a database loaded with psql: push finds nothing to do, pg_dump's
// file is the same schema as the files both ways, and pull writes the collations back before
// the tables and domains that use them.
TEST(CliCollations, PsqlLoadPgDumpAndPullAgree) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("collations_dump");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kSchema);
  std::string config = fmt::format(
      "schema = \"schema/*.sql\"\nurl = \"{}\"\nschema_filter = [\"public\", \"auth\"]\n",
      cluster.url(database));
  dir.write("sleet.toml", config);
  auto [loaded, load_said] = load_with_psql(database, kSchema);
  ASSERT_EQ(loaded, 0) << load_said;
  auto pushed = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(pushed.exit_code, 0) << pushed.out << pushed.err;
  EXPECT_TRUE(contains(pushed.out, "No changes")) << pushed.out << pushed.err;

  auto [dumped, dump] = shell(client("pg_dump", database) + " --schema-only --no-owner");
  ASSERT_EQ(dumped, 0) << dump;
  EXPECT_TRUE(contains(dump, "CREATE COLLATION public.case_insensitive")) << dump;
  EXPECT_TRUE(contains(dump, "COLLATE public.case_insensitive")) << dump;
  dir.write("dump.sql", dump);
  for (const char* direction :
       {"--from dump.sql --to schema/app.sql", "--from schema/app.sql --to dump.sql"}) {
    auto compared = run_sleet(fmt::format("diff {}", direction), dir.path(), "NO_COLOR=1");
    EXPECT_EQ(compared.exit_code, 0) << compared.out << compared.err;
    EXPECT_TRUE(compared.out.empty()) << direction << "\n" << compared.out;
    EXPECT_TRUE(contains(compared.err, "No differences")) << compared.err;
  }

  TemporaryDirectory pulled_dir;
  pulled_dir.write("sleet.toml", fmt::format("schema = \"schema\"\nurl = \"{}\"\nschema_filter = "
                                             "[\"public\", \"auth\"]\n",
                                             cluster.url(database)));
  auto pulled = run_sleet("pull", pulled_dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  std::string public_file, auth_file;
  for (const auto& entry : fs::recursive_directory_iterator(pulled_dir.path() / "schema")) {
    if (!entry.is_regular_file()) continue;
    std::string text = read_file(entry.path());
    (contains(text, "CREATE TABLE \"public\".\"users\"") ? public_file : auth_file) += text;
  }
  std::size_t collation = public_file.find(
      "CREATE COLLATION \"public\".\"case_insensitive\" (provider = icu, locale = "
      "'und-u-ks-level2', deterministic = false);");
  ASSERT_NE(collation, std::string::npos) << public_file;
  EXPECT_LT(collation, public_file.find("CREATE TABLE \"public\".\"users\"")) << public_file;
  EXPECT_TRUE(contains(public_file,
                       "COMMENT ON COLLATION \"public\".\"case_insensitive\" IS 'compares emails "
                       "whatever their case';"))
      << public_file;
  EXPECT_TRUE(contains(auth_file,
                       "CREATE COLLATION \"auth\".\"bytewise\" (provider = libc, lc_collate = "
                       "'C', lc_ctype = 'POSIX');"))
      << auth_file;
  expect_pulled_project_settled(pulled_dir, pulled);
}

TEST(CliCollations, GeneratedMigratedAndChangedWithTheRowsKept) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("collations_evolve");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kEmails);
  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  EXPECT_EQ(collations_in(database),
            "public.case_insensitive i f und-u-ks-level2 compares emails whatever their case");
  cluster.execute(
      "INSERT INTO users (id, email) VALUES (1, 'Ann@Example.org'), (2, 'bob@example.org')",
      database);
  // The collation does its work: the same email in other letters is the same email.
  EXPECT_THROW(
      cluster.execute("INSERT INTO users (id, email) VALUES (3, 'ann@example.ORG')", database),
      std::exception);
  EXPECT_EQ(value("select id from users where email = 'BOB@EXAMPLE.ORG'", database), "2");
  expect_nothing_to_do(dir);

  // One made by hand is drift, said as SQL from the snapshot to the database; push --force
  // drops it.
  cluster.execute("CREATE COLLATION stray (locale = 'C')", database);
  auto drifted = run_sleet("status", dir.path());
  EXPECT_EQ(drifted.exit_code, 1) << drifted.out << drifted.err;
  EXPECT_TRUE(contains(drifted.out,
                       "CREATE COLLATION \"public\".\"stray\" (provider = libc, "
                       "locale = 'C');"))
      << drifted.out;
  auto forced = run_sleet("push --force", dir.path(), "NO_COLOR=1");
  ASSERT_EQ(forced.exit_code, 0) << forced.out << forced.err;
  EXPECT_EQ(value("select count(*) from pg_collation where collname = 'stray'", database), "0");
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);

  // Accents ignored too: the collation is created again, the column converted around it (and
  // the view over it dropped and created again).
  std::string evolved = kEmails;
  evolved.replace(evolved.find("'und-u-ks-level2'"), 17, "'und-u-ks-level1'");
  write_schema_project(dir, database, evolved);
  auto changed = run_sleet("generate --name accents", dir.path());
  ASSERT_EQ(changed.exit_code, 0) << changed.out << changed.err;
  std::string sql = read_file(migration_files(dir).at(1));
  std::size_t released = sql.find(
      "ALTER TABLE \"public\".\"users\" ALTER COLUMN \"email\" SET DATA TYPE text COLLATE "
      "\"default\";");
  std::size_t dropped = sql.find("DROP COLLATION \"public\".\"case_insensitive\";");
  std::size_t created = sql.find("CREATE COLLATION \"public\".\"case_insensitive\"");
  std::size_t taken_back = sql.find(
      "ALTER TABLE \"public\".\"users\" ALTER COLUMN \"email\" SET DATA TYPE text COLLATE "
      "\"case_insensitive\";");
  ASSERT_NE(taken_back, std::string::npos) << sql;
  EXPECT_LT(released, dropped) << sql;
  EXPECT_LT(dropped, created) << sql;
  EXPECT_LT(created, taken_back) << sql;
  auto applied = run_sleet("migrate", dir.path());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(value("select string_agg(email, ',' order by id) from users", database),
            "Ann@Example.org,bob@example.org");
  EXPECT_EQ(collations_in(database),
            "public.case_insensitive i f und-u-ks-level1 compares emails whatever their case");
  EXPECT_EQ(value("select count(*) from user_emails where email = 'ANN@EXAMPLE.ORG'", database),
            "1");
  // Level 1 ignores accents too: ó is o now.
  EXPECT_EQ(value("select id from users where email = 'bób@example.org'", database), "2");
  expect_nothing_to_do(dir);
}

}  // namespace
}  // namespace sleet::testing
