// tests/inheritance: table inheritance across the commands with the real binary (a program of
// its own, apart from tests/cli). Parents and children generated, migrated with rows, checked
// for drift and pushed; a parent added to a table holding rows, a parent removed and dropped,
// both keeping the rows; a psql-loaded schema that push leaves alone and that pg_dump writes
// back as the same schema; a database using inheritance pulled.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/postgres_clients.h"
#include "support/schema_project.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  happened_at timestamptz DEFAULT now() NOT NULL,
  CONSTRAINT events_id_positive CHECK (id > 0),
  CONSTRAINT events_parent_only CHECK (id < 1000000000) NO INHERIT
);
CREATE TABLE audited (
  audited_by text DEFAULT 'system' NOT NULL
);
CREATE TABLE logins (
  happened_at timestamptz,
  user_name text NOT NULL,
  CONSTRAINT logins_user_name_length CHECK (length(user_name) < 64)
) INHERITS (events);
CREATE INDEX logins_user_name ON logins (user_name);
CREATE TABLE purchases (
  amount numeric(10, 2) NOT NULL
) INHERITS (events, audited);
CREATE TABLE archived_logins (
  id bigint NOT NULL,
  happened_at timestamptz NOT NULL,
  user_name text NOT NULL
);
)sql";

std::string value(const std::string& sql, const std::string& database) {
  return std::string(test_cluster().execute(sql, database).value(0, 0));
}

void replace(std::string& text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

TEST(CliInheritance, GeneratedMigratedAndChangedKeepingRows) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("inheritance");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kSchema);

  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  std::string sql = read_file(migration_files(dir).at(0));
  std::size_t parent = sql.find("CREATE TABLE \"public\".\"events\" (");
  std::size_t child = sql.find(") INHERITS (\"public\".\"events\", \"public\".\"audited\")");
  ASSERT_NE(parent, std::string::npos) << sql;
  ASSERT_NE(child, std::string::npos) << sql;
  EXPECT_LT(parent, child) << sql;

  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  cluster.execute(
      "INSERT INTO events (happened_at) VALUES ('2024-01-01'); "
      "INSERT INTO logins (user_name) VALUES ('ada'), ('bob'); "
      "INSERT INTO purchases (amount) VALUES (9.99); "
      "INSERT INTO archived_logins VALUES (100, '2020-01-01', 'old'), (101, '2020-01-02', 'older')",
      database);
  // A parent's query reads its children's rows; the inherited checks hold on the children.
  EXPECT_EQ(value("select count(*) from events", database), "4");
  EXPECT_EQ(value("select audited_by from purchases", database), "system");
  EXPECT_THROW(cluster.execute("INSERT INTO logins (id, user_name) VALUES (-1, 'x')", database),
               std::exception);
  // NO INHERIT: the parent's own check does not reach its children.
  cluster.execute("INSERT INTO logins (id, user_name) VALUES (2000000000, 'big')", database);
  expect_nothing_to_do(dir);

  // The parent gains a column and a check, a child a column; purchases leaves audited but
  // keeps the column it inherited; archived_logins, holding rows, comes to inherit events (and
  // declares the parent's new column, which INHERIT needs there).
  std::string changed = kSchema;
  replace(changed, "  CONSTRAINT events_id_positive CHECK (id > 0),",
          "  source text DEFAULT 'web' NOT NULL,\n"
          "  CONSTRAINT events_id_positive CHECK (id > 0),\n"
          "  CONSTRAINT events_recent CHECK (happened_at > '2000-01-01'),");
  replace(changed, "  user_name text NOT NULL,\n  CONSTRAINT logins_user",
          "  user_name text NOT NULL,\n  device text,\n  CONSTRAINT logins_user");
  replace(changed, "  amount numeric(10, 2) NOT NULL\n) INHERITS (events, audited);",
          "  amount numeric(10, 2) NOT NULL,\n  audited_by text DEFAULT 'system' NOT NULL\n"
          ") INHERITS (events);");
  // INHERIT wants the table to hold the parent's columns already: the new one too.
  replace(changed, "  user_name text NOT NULL\n);",
          "  user_name text NOT NULL,\n  source text DEFAULT 'web' NOT NULL\n) INHERITS (events);");
  dir.write("schema/app.sql", changed);
  auto evolved = run_sleet("generate --name evolve", dir.path());
  ASSERT_EQ(evolved.exit_code, 0) << evolved.out << evolved.err;
  std::string alter = read_file(migration_files(dir).at(1));
  EXPECT_TRUE(
      contains(alter, "ALTER TABLE \"public\".\"purchases\" NO INHERIT \"public\".\"audited\""))
      << alter;
  EXPECT_TRUE(
      contains(alter, "ALTER TABLE \"public\".\"archived_logins\" INHERIT \"public\".\"events\""))
      << alter;
  EXPECT_FALSE(contains(alter, "DROP COLUMN")) << alter;
  EXPECT_FALSE(contains(alter, "\"logins\" ADD COLUMN \"source\"")) << alter;
  EXPECT_FALSE(contains(alter, "DROP TABLE")) << alter;
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  EXPECT_EQ(value("select count(*) from events", database), "7");
  EXPECT_EQ(value("select string_agg(user_name, ',' order by id) from archived_logins", database),
            "old,older");
  EXPECT_EQ(value("select audited_by from purchases", database), "system");
  EXPECT_EQ(value("select count(*) from logins where source = 'web'", database), "3");
  // The new check reached the table that now inherits.
  EXPECT_THROW(
      cluster.execute("INSERT INTO archived_logins VALUES (102, '1990-01-01', 'x')", database),
      std::exception);
  expect_nothing_to_do(dir);

  // A child made to leave its parent by hand is drift, and status says so.
  cluster.execute("ALTER TABLE logins NO INHERIT events", database);
  auto drifted = run_sleet("status", dir.path());
  EXPECT_NE(drifted.exit_code, 0) << drifted.out << drifted.err;
  EXPECT_TRUE(contains(drifted.out + drifted.err, "logins")) << drifted.out << drifted.err;
}

TEST(CliInheritance, ATableThatCannotInheritItsParentsColumnsIsRefused) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("inheritance_refused");
  TemporaryDirectory dir;
  write_schema_project(dir, database, "CREATE TABLE p (k int);\nCREATE TABLE c (j int);\n");
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  dir.write("schema/app.sql", "CREATE TABLE p (k int);\nCREATE TABLE c (j int) INHERITS (p);\n");
  auto refused = run_sleet("generate --name inherit", dir.path());
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_TRUE(contains(refused.err, "does not hold its column k")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "declare k integer in public.c too")) << refused.err;
  EXPECT_EQ(migration_files(dir).size(), 1u);
}

TEST(CliInheritance, PsqlLoadedSchemaPushesNothingAndPgDumpWritesTheSameSchema) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("inheritance_psql");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kSchema);
  auto [loaded, load_said] =
      shell(fmt::format("{} -X -q -v ON_ERROR_STOP=1 -f '{}'", client("psql", database),
                        (dir.path() / "schema/app.sql").string()));
  ASSERT_EQ(loaded, 0) << load_said;
  auto pushed = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(pushed.exit_code, 0) << pushed.out << pushed.err;
  EXPECT_TRUE(contains(pushed.out, "No changes")) << pushed.out << pushed.err;

  auto [dumped, dump] = shell(client("pg_dump", database) + " --schema-only --no-owner");
  ASSERT_EQ(dumped, 0) << dump;
  EXPECT_TRUE(contains(dump, "INHERITS (public.events, public.audited)")) << dump;
  dir.write("dump.sql", dump);
  auto compared = run_sleet("diff --from dump.sql --to schema/app.sql", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(compared.exit_code, 0) << compared.out << compared.err;
  EXPECT_TRUE(compared.out.empty()) << compared.out;
  EXPECT_TRUE(contains(compared.err, "No differences")) << compared.err;
}

// A database using inheritance, made by hand and pulled: the files declare the parents, and
// generate, push and status agree with them; the files build the same catalog again.
constexpr const char* kPulled = R"sql(
CREATE SCHEMA shop;
CREATE TABLE shop.items (id integer NOT NULL, name text NOT NULL DEFAULT 'item',
  CONSTRAINT items_name_set CHECK (name <> ''),
  CONSTRAINT items_only CHECK (id > 0) NO INHERIT);
CREATE TABLE shop.books (isbn text, name text NOT NULL) INHERITS (shop.items);
CREATE TABLE shop.labelled (label text);
CREATE TABLE shop.a_records (year integer) INHERITS (shop.items, shop.labelled);
CREATE TABLE shop.loose (id integer NOT NULL, name text NOT NULL DEFAULT 'item',
  CONSTRAINT items_name_set CHECK (name <> ''));
ALTER TABLE shop.loose INHERIT shop.items;
CREATE INDEX books_isbn ON shop.books (isbn);
)sql";

TEST(CliInheritance, PullWritesInheritanceAndGenerateAgrees) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("pull_inheritance");
  cluster.execute(kPulled, database);
  cluster.execute("INSERT INTO shop.books VALUES (1, 'dune', '978')", database);
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            fmt::format("schema = \"schema\"\nurl = \"{}\"\nschema_filter = [\"shop\"]\n",
                        cluster.url(database)));
  auto pulled = run_sleet("pull", dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  std::string shop = read_file(dir.path() / "schema/shop.sql");
  EXPECT_TRUE(contains(shop, ") INHERITS (\"shop\".\"items\", \"shop\".\"labelled\")")) << shop;
  EXPECT_TRUE(contains(shop, ") INHERITS (\"shop\".\"items\")")) << shop;
  // A check is declared once, on the parent; the merged column on the child.
  EXPECT_EQ(shop.find("CHECK ((id > 0)) NO INHERIT"), shop.rfind("CHECK ((id > 0))")) << shop;
  expect_pulled_project_settled(dir, pulled);

  std::string rebuilt = cluster.fresh_database("pull_inheritance_rebuilt");
  dir.write("sleet.toml",
            fmt::format("schema = \"schema\"\nurl = \"{}\"\nschema_filter = [\"shop\"]\n",
                        cluster.url(rebuilt)));
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  cluster.execute("INSERT INTO shop.a_records (id, name, label) VALUES (2, 'r', 'x')", rebuilt);
  EXPECT_EQ(value("select count(*) from shop.items", rebuilt), "1");
}

}  // namespace
}  // namespace sleet::testing
