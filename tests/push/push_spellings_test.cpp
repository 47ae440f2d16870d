// push creates what the files say, spelled as they say it, and compares spellings the catalog
// prints differently as equal (with the server's help only where the offline rules end).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

// Every column default and generation expression, and every constraint, as pg_dump shows them.
std::vector<std::string> stored_expressions(const std::string& database) {
  db::Result result = test_cluster().execute(
      "select c.relname || '.' || a.attname || ' ' || pg_get_expr(d.adbin, d.adrelid) "
      "from pg_attrdef d join pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum "
      "join pg_class c on c.oid = d.adrelid join pg_namespace n on n.oid = c.relnamespace "
      "where n.nspname = 'public' "
      "union all select c.relname || '.' || con.conname || ' ' || pg_get_constraintdef(con.oid) "
      "from pg_constraint con join pg_class c on c.oid = con.conrelid "
      "join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' order by 1",
      database);
  std::vector<std::string> out;
  for (int i = 0; i < result.rows(); ++i) out.emplace_back(result.value(i, 0));
  return out;
}

// drizzle-kit's spellings: quoted numbers, a cast jsonb, array literals and ARRAY[], an enum
// label cast to its type, columns qualified with their table; Zabbix's and SpamAssassin's:
// float defaults with more digits than float8out prints, bytea defaults in escape format.
constexpr const char* kDeclared = R"sql(
CREATE TYPE status AS ENUM ('new', 'paid');
CREATE TABLE orders (
  id integer PRIMARY KEY,
  total numeric DEFAULT '0',
  tax numeric(10,2) DEFAULT '0',
  count integer DEFAULT '0',
  big bigint DEFAULT '5',
  ratio real DEFAULT '1.5',
  weight double precision DEFAULT '2',
  level double precision DEFAULT '0.0000',
  score real DEFAULT 2.50,
  token bytea NOT NULL DEFAULT '',
  digest bytea DEFAULT 'ab\001',
  settings jsonb DEFAULT '{"b":1,"a":2}'::jsonb,
  extra jsonb DEFAULT '{}'::jsonb,
  tags text[] DEFAULT '{}',
  labels text[] DEFAULT ARRAY[]::text[],
  groups text[] DEFAULT '{"general"}',
  pair text[] DEFAULT ARRAY['a','b']::text[],
  state status DEFAULT 'new'::status,
  shipped date DEFAULT CURRENT_DATE,
  price numeric(12,2),
  quantity integer,
  amount numeric GENERATED ALWAYS AS ("orders"."price" * "orders"."quantity") STORED,
  CONSTRAINT orders_positive CHECK ("orders"."price" >= 0 AND "public"."orders"."quantity" > 0)
);
)sql";

// Pushed onto an empty database, the declared defaults are stored as psql stores the same file:
// DEFAULT '0' on a numeric column is '0'::numeric, not the 0 the comparison reduces it to.
TEST(PushSpellings, AnEmptyDatabaseGetsTheDefaultsAsDeclared) {
  std::string loaded = test_cluster().fresh_database("spellings_psql");
  test_cluster().execute(kDeclared, loaded);
  std::string pushed = test_cluster().fresh_database("spellings_push");
  TemporaryDirectory project;
  project.write("schema.sql", kDeclared);
  auto result = run_sleet(
      fmt::format("push --url '{}' --schema schema.sql --force", test_cluster().url(pushed)),
      project.path());
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  std::vector<std::string> expected = stored_expressions(loaded);
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(stored_expressions(pushed), expected);

  // And the two compare equal offline: a second push has nothing to do, without the server.
  result = run_sleet(
      fmt::format("-v push --url '{}' --schema schema.sql --dry-run", test_cluster().url(loaded)),
      project.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("No changes"), std::string::npos) << result.out << result.err;
  EXPECT_EQ(result.err.find("the server normalised"), std::string::npos) << result.err;
}

// The server normalises a table that needs it (a timestamp literal) in a transaction where the
// existing public schema is renamed aside: what an extension keeps in it (pg_trgm's operator
// class and functions) is still named as the database names it, not by the temporary name.
TEST(PushSpellings, ServerNormalisationKeepsWhatAnExtensionKeepsInPublic) {
  constexpr const char* declared = R"sql(
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE docs (
  id integer PRIMARY KEY,
  starts timestamptz DEFAULT '2020-01-01',
  body text,
  score real GENERATED ALWAYS AS (similarity(body, 'sleet')) STORED
);
CREATE INDEX docs_body_trgm ON docs USING gin (body gin_trgm_ops) WITH (fastupdate = off);
CREATE VIEW close_docs AS SELECT id FROM docs WHERE similarity(body, 'x') > 0.5;
)sql";
  std::string database = test_cluster().fresh_database("spellings_trgm");
  test_cluster().execute(declared, database);
  TemporaryDirectory project;
  project.write("schema.sql", declared);
  auto result = run_sleet(
      fmt::format("-v push --url '{}' --schema schema.sql --dry-run", test_cluster().url(database)),
      project.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("the server normalised"), std::string::npos) << result.err;
  EXPECT_NE(result.out.find("No changes"), std::string::npos) << result.out << result.err;
}

// Functions' parameter defaults and domains' defaults the offline rules cannot respell (an
// interval literal the server prints as '04:00:00'::interval) are asked of the server too, as
// graphile-worker's `job_expiry interval = interval '4 hours'` needs.
TEST(PushSpellings, ServerNormalisesFunctionAndDomainDefaults) {
  constexpr const char* declared = R"sql(
CREATE DOMAIN expiry AS interval DEFAULT interval '1 day';
CREATE TABLE jobs (id integer PRIMARY KEY, ttl expiry);
CREATE FUNCTION get_job(worker text, ids int[] = null, job_expiry interval = interval '4 hours')
RETURNS integer AS $$ SELECT 1 $$ LANGUAGE sql;
)sql";
  std::string database = test_cluster().fresh_database("spellings_functions");
  test_cluster().execute(declared, database);
  TemporaryDirectory project;
  project.write("schema.sql", declared);
  auto result = run_sleet(
      fmt::format("-v push --url '{}' --schema schema.sql --dry-run", test_cluster().url(database)),
      project.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("the server normalised"), std::string::npos) << result.err;
  EXPECT_NE(result.out.find("No changes"), std::string::npos) << result.out << result.err;
}

// DEFAULT 'now()' on a timestamp column (FreeRADIUS's `creationdate`) is read when the table
// is created: the catalog holds that moment as a constant, and the files still say 'now()'.
// After a psql load, push has nothing to do, with or without the server's help, and on an empty
// database it creates the column as written.
TEST(PushSpellings, ADefaultReadOnceAtCreationIsNotAChange) {
  constexpr const char* declared = R"sql(
CREATE TABLE sessions (
  id integer PRIMARY KEY,
  created timestamp with time zone NOT NULL DEFAULT 'now()',
  day date DEFAULT 'today',
  starts timestamp(0) without time zone DEFAULT 'NOW',
  ends timestamptz DEFAULT '2020-01-01 00:00:00+00'
);
)sql";
  std::string database = test_cluster().fresh_database("spellings_moment");
  test_cluster().execute(declared, database);
  ASSERT_NE(stored_expressions(database)[0].find("::timestamp with time zone"), std::string::npos);
  TemporaryDirectory project;
  project.write("schema.sql", declared);
  auto result = run_sleet(
      fmt::format("-v push --url '{}' --schema schema.sql --dry-run", test_cluster().url(database)),
      project.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("No changes"), std::string::npos) << result.out << result.err;

  // Another constant is a change all the same.
  project.write("schema.sql", std::string(declared).replace(
                                  std::string(declared).find("'2020-01-01 00:00:00+00'"),
                                  std::string("'2020-01-01 00:00:00+00'").size(), "'2021-01-01'"));
  result = run_sleet(
      fmt::format("push --url '{}' --schema schema.sql --dry-run", test_cluster().url(database)),
      project.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\"ends\" SET DEFAULT '2021-01-01'"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("\"created\""), std::string::npos) << result.out;
}

}  // namespace
}  // namespace sleet::testing
