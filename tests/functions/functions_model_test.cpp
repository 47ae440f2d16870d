// Functions and triggers without a server: what the parser reads (with the server's defaults
// applied), what it refuses and where, DDL that parses back to the same model, and which
// changes the diff and the plan make of them.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sleet/ddl.h"
#include "sleet/diff.h"
#include "sleet/error.h"
#include "sleet/plan.h"
#include "sleet/snapshot.h"
#include "sleet/sources.h"
#include "support/schema_model.h"

namespace sleet::testing {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE users (id int PRIMARY KEY, name text, updated_at timestamptz);
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
CREATE FUNCTION add(a int, b int DEFAULT 1) RETURNS int LANGUAGE sql IMMUTABLE STRICT
  AS 'SELECT a + b';
CREATE FUNCTION add(a numeric, b numeric) RETURNS numeric LANGUAGE sql AS 'SELECT a + b';
CREATE FUNCTION pairs(OUT x int, OUT y text) RETURNS SETOF record LANGUAGE sql
  SECURITY DEFINER SET search_path = public, pg_temp AS 'SELECT 1, ''a''';
CREATE TRIGGER users_updated_at BEFORE INSERT OR UPDATE OF name ON users
  FOR EACH ROW WHEN (NEW.name IS NOT NULL) EXECUTE FUNCTION set_updated_at();
)sql";

TEST(FunctionModel, ParsedWithTheServersDefaults) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  ASSERT_EQ(schema.functions.size(), 4u);
  const Function& add = schema.functions.at({"public", "add(integer, integer)"});
  EXPECT_EQ(add.language, "sql");
  EXPECT_EQ(add.volatility, "immutable");
  EXPECT_TRUE(add.strict);
  EXPECT_EQ(add.cost, 100);
  EXPECT_EQ(add.rows, 0);
  ASSERT_EQ(add.parameters.size(), 2u);
  ASSERT_TRUE(add.parameters[1].default_value);
  EXPECT_TRUE(schema.functions.contains({"public", "add(numeric, numeric)"}));
  const Function& pairs = schema.functions.at({"public", "pairs()"});
  EXPECT_EQ(pairs.returns.name, "record");
  EXPECT_TRUE(pairs.returns_set);
  EXPECT_EQ(pairs.rows, 1000);
  EXPECT_TRUE(pairs.security_definer);
  EXPECT_EQ(pairs.config, std::vector<std::string>{"search_path=public, pg_temp"});
  const Trigger& trigger = schema.tables.at({"public", "users"}).triggers.at("users_updated_at");
  EXPECT_EQ(trigger.timing, "BEFORE");
  EXPECT_EQ(trigger.events, (std::vector<std::string>{"INSERT", "UPDATE"}));
  EXPECT_EQ(trigger.update_columns, std::vector<std::string>{"name"});
  EXPECT_TRUE(trigger.for_each_row);
  EXPECT_TRUE(trigger.when);
  EXPECT_EQ(trigger.function, (QualifiedName{"public", "set_updated_at"}));
}

TEST(FunctionModel, DdlParsesBackToTheSameModel) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  Schema again = parse_schema_sql(ddl::create_script(schema), "exported.sql");
  EXPECT_EQ(again.functions, schema.functions);
  EXPECT_EQ(again.tables.at({"public", "users"}).triggers,
            schema.tables.at({"public", "users"}).triggers);
}

// pg_catalog comes first in every search_path: an unqualified pg_ type the files do not
// declare is the catalog's (a view's row type), and DDL names it there; one they declare is
// theirs.
TEST(FunctionModel, UnqualifiedCatalogRowTypesAreTheCatalogs) {
  Schema schema = parse_schema_sql(R"sql(
CREATE TABLE pg_mine (id int);
CREATE FUNCTION admins() RETURNS SETOF pg_roles LANGUAGE sql STABLE
  AS $$ SELECT * FROM pg_roles WHERE rolsuper $$;
CREATE FUNCTION relation_name(r pg_class) RETURNS text LANGUAGE sql AS $$ SELECT r.relname $$;
CREATE FUNCTION mine(m pg_mine) RETURNS int LANGUAGE sql AS $$ SELECT m.id $$;
)sql",
                                   "schema.sql");
  const Function& admins = schema.functions.at({"public", "admins()"});
  EXPECT_EQ(admins.returns, (TypeName{"pg_roles", "pg_catalog", 0}));
  EXPECT_TRUE(schema.functions.contains({"public", "relation_name(pg_catalog.pg_class)"}));
  EXPECT_TRUE(schema.functions.contains({"public", "mine(public.pg_mine)"}));
  std::string script = ddl::create_script(schema);
  EXPECT_NE(script.find("SETOF \"pg_catalog\".\"pg_roles\""), std::string::npos) << script;
  EXPECT_EQ(script.find("\"public\".\"pg_roles\""), std::string::npos) << script;
  EXPECT_EQ(parse_schema_sql(script, "exported.sql").functions, schema.functions);
}

TEST(FunctionModel, RefusedWithTheirPlace) {
  EXPECT_EQ(
      failure(
          "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET work_mem FROM CURRENT AS 'select 1';")
          .substr(0, 16),
      "schema.sql:1:1: ");
  EXPECT_NE(failure("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1';\n"
                    "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 2';")
                .find("schema.sql:2:1: function public.f() is defined twice (first at "
                      "schema.sql:1:1)"),
            std::string::npos);
  EXPECT_EQ(failure("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1';\n"
                    "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 2';"),
            "");
  EXPECT_NE(failure("CREATE TRIGGER t BEFORE UPDATE ON nowhere FOR EACH ROW EXECUTE FUNCTION f();")
                .find("table public.nowhere does not exist"),
            std::string::npos);
}

TEST(FunctionModel, CommentsOnFunctionsAndTriggersNameWhatTheyDescribe) {
  Schema schema = parse_schema_sql(std::string(kSchema) +
                                       "COMMENT ON FUNCTION add(integer, integer) IS 'Adds';\n"
                                       "COMMENT ON FUNCTION set_updated_at IS 'Touches';\n"
                                       "COMMENT ON TRIGGER users_updated_at ON users IS 'Fresh';\n",
                                   "schema.sql");
  EXPECT_EQ(schema.functions.at({"public", "add(integer, integer)"}).comment, "Adds");
  EXPECT_FALSE(schema.functions.at({"public", "add(numeric, numeric)"}).comment);
  EXPECT_EQ(schema.functions.at({"public", "set_updated_at()"}).comment, "Touches");
  EXPECT_EQ(schema.tables.at({"public", "users"}).triggers.at("users_updated_at").comment, "Fresh");
  // Exported and read back the same.
  Schema again = parse_schema_sql(ddl::create_script(schema), "exported.sql");
  EXPECT_EQ(again.functions, schema.functions);
  EXPECT_EQ(again.tables.at({"public", "users"}).triggers,
            schema.tables.at({"public", "users"}).triggers);
  // What is not there, or not one function, is refused where it is written.
  EXPECT_NE(failure(std::string(kSchema) + "COMMENT ON FUNCTION add IS 'x';")
                .find("function name public.add is not unique"),
            std::string::npos);
  EXPECT_NE(failure(std::string(kSchema) + "COMMENT ON FUNCTION add(text) IS 'x';")
                .find("COMMENT on function public.add(text), which the schema files do not "
                      "create"),
            std::string::npos);
  EXPECT_NE(failure(std::string(kSchema) + "COMMENT ON TRIGGER nope ON users IS 'x';")
                .find("trigger nope does not exist on public.users"),
            std::string::npos);
}

TEST(FunctionDiff, CommentsAloneAreCommentsNotRecreations) {
  std::string table = "CREATE TABLE t (id int, at timestamptz);\n";
  std::string function =
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n";
  std::string trigger =
      "CREATE TRIGGER touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();\n";
  std::string comments = "COMMENT ON FUNCTION f() IS 'F';\nCOMMENT ON TRIGGER touch ON t IS 'T';\n";
  EXPECT_EQ(kinds(table + function + trigger, table + function + trigger + comments),
            (std::vector<ChangeKind>{ChangeKind::SetComment, ChangeKind::SetComment}));
  EXPECT_EQ(kinds(table + function + trigger + comments, table + function + trigger),
            (std::vector<ChangeKind>{ChangeKind::SetComment, ChangeKind::SetComment}));
}

TEST(FunctionDiff, ReplacedInPlaceOrDroppedAndCreatedWithItsTriggers) {
  std::string table = "CREATE TABLE t (id int, at timestamptz);\n";
  std::string trigger =
      "CREATE TRIGGER touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();\n";
  std::string body_a =
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n";
  std::string body_b =
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.at = now(); RETURN "
      "NEW; END $$;\n";
  EXPECT_EQ(kinds(table + body_a + trigger, table + body_a + trigger), std::vector<ChangeKind>{});
  EXPECT_EQ(kinds(table + body_a + trigger, table + body_b + trigger),
            std::vector<ChangeKind>{ChangeKind::ReplaceFunction});
  // A result type change cannot be replaced.
  EXPECT_EQ(kinds("CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'select 1';",
                  "CREATE FUNCTION g() RETURNS bigint LANGUAGE sql AS 'select 1';"),
            (std::vector<ChangeKind>{ChangeKind::DropFunction, ChangeKind::CreateFunction}));
  // Nor a parameter renamed; a trigger on a function created again goes and comes back.
  std::string with_arg_a = "CREATE FUNCTION h(a int) RETURNS int LANGUAGE sql AS 'select 1';\n";
  std::string with_arg_b = "CREATE FUNCTION h(b int) RETURNS int LANGUAGE sql AS 'select 1';\n";
  EXPECT_EQ(kinds(with_arg_a, with_arg_b),
            (std::vector<ChangeKind>{ChangeKind::DropFunction, ChangeKind::CreateFunction}));
  EXPECT_EQ(kinds(table + body_a + trigger,
                  table + body_a +
                      "CREATE TRIGGER touch AFTER UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();"),
            (std::vector<ChangeKind>{ChangeKind::DropTrigger, ChangeKind::CreateTrigger}));
}

TEST(FunctionPlan, FunctionsBeforeTheTablesThatCallThemTriggersAfter) {
  Schema to = parse_schema_sql(R"sql(
CREATE FUNCTION next_code() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN 'x'; END $$;
CREATE TABLE t (code text DEFAULT next_code(), at timestamptz);
CREATE FUNCTION rows_of_t() RETURNS SETOF t LANGUAGE sql AS 'SELECT * FROM t';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
)sql",
                               "b.sql");
  NoRenames resolver;
  Schema empty;
  Plan plan = plan_changes(diff_schemas(empty, to, resolver), empty, to);
  std::vector<std::string> order;
  for (const PlannedStatement& statement : plan.statements)
    order.push_back(statement.sql.substr(0, 40));
  auto at = [&](const std::string& prefix) {
    for (size_t i = 0; i < order.size(); ++i)
      if (order[i].starts_with(prefix)) return i;
    ADD_FAILURE() << prefix;
    return order.size();
  };
  EXPECT_LT(at("CREATE FUNCTION \"public\".\"next_code\""), at("CREATE TABLE"));
  EXPECT_LT(at("CREATE TABLE"), at("CREATE FUNCTION \"public\".\"rows_of_t\""));
  EXPECT_LT(at("CREATE FUNCTION \"public\".\"touch\""), at("CREATE TRIGGER"));
}

// The index of the first of `statements` starting with `prefix`.
size_t position(const std::vector<std::string>& statements, const std::string& prefix) {
  for (size_t i = 0; i < statements.size(); ++i)
    if (statements[i].starts_with(prefix)) return i;
  ADD_FAILURE() << "no statement starts with " << prefix;
  return statements.size();
}

TEST(FunctionPlan, SqlFunctionsAfterTheSqlFunctionsTheyCallWhateverTheirNames) {
  std::string schema = R"sql(
CREATE FUNCTION a_outer() RETURNS int LANGUAGE sql AS 'SELECT m_middle() + 1';
CREATE FUNCTION m_middle() RETURNS int LANGUAGE sql AS 'SELECT public.z_inner() * 2';
CREATE FUNCTION z_inner() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION b_plpgsql() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN a_outer(); END $$;
)sql";
  std::vector<std::string> plan = plan_sql("", schema);
  ASSERT_EQ(plan.size(), 4u);
  // PL/pgSQL bodies are not checked when created: first, as before.
  EXPECT_TRUE(plan[0].starts_with("CREATE FUNCTION \"public\".\"b_plpgsql\"")) << plan[0];
  EXPECT_TRUE(plan[1].starts_with("CREATE FUNCTION \"public\".\"z_inner\"")) << plan[1];
  EXPECT_TRUE(plan[2].starts_with("CREATE FUNCTION \"public\".\"m_middle\"")) << plan[2];
  EXPECT_TRUE(plan[3].starts_with("CREATE FUNCTION \"public\".\"a_outer\"")) << plan[3];
  // The export of a whole schema orders them the same way.
  std::string script = ddl::create_script(parse_schema_sql(schema, "b.sql"));
  EXPECT_LT(script.find("\"z_inner\"()"), script.find("\"m_middle\"()"));
  EXPECT_LT(script.find("\"m_middle\"()"), script.find("\"a_outer\"()"));
}

TEST(FunctionPlan, WhatCallsAFunctionCreatedAgainGoesBeforeItAndComesBackAfter) {
  std::string a = R"sql(
CREATE FUNCTION score(n int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT n * 2';
CREATE TABLE t (
  id int PRIMARY KEY,
  points int DEFAULT score(1),
  other int DEFAULT 0,
  CONSTRAINT t_positive CHECK (score(points) >= 0),
  CONSTRAINT t_other CHECK (other >= 0)
);
CREATE INDEX t_by_score ON t (score(points));
CREATE INDEX t_by_other ON t (other);
CREATE VIEW scores AS SELECT id, score(points) AS s FROM t;
CREATE VIEW plain AS SELECT id FROM t;
)sql";
  std::string b = a;
  b.replace(b.find("RETURNS int"), 11, "RETURNS bigint");
  std::vector<std::string> plan = plan_sql(a, b);
  size_t drop = position(plan, "DROP FUNCTION \"public\".\"score\"");
  size_t create = position(plan, "CREATE FUNCTION \"public\".\"score\"");
  EXPECT_LT(position(plan, "DROP VIEW \"public\".\"scores\""), drop);
  EXPECT_LT(position(plan, "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"points\" DROP DEFAULT"), drop);
  EXPECT_LT(position(plan, "ALTER TABLE \"public\".\"t\" DROP CONSTRAINT \"t_positive\""), drop);
  EXPECT_LT(position(plan, "DROP INDEX \"public\".\"t_by_score\""), drop);
  EXPECT_LT(drop, create);
  EXPECT_LT(create, position(plan, "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"points\" SET DEFAULT score(1)"));
  EXPECT_LT(create, position(plan, "ALTER TABLE \"public\".\"t\" ADD CONSTRAINT \"t_positive\""));
  EXPECT_LT(create, position(plan, "CREATE INDEX \"t_by_score\""));
  EXPECT_LT(create, position(plan, "CREATE VIEW \"public\".\"scores\""));
  // What does not call it stays.
  for (const std::string& statement : plan) {
    EXPECT_EQ(statement.find("plain"), std::string::npos) << statement;
    EXPECT_EQ(statement.find("t_other"), std::string::npos) << statement;
    EXPECT_EQ(statement.find("t_by_other"), std::string::npos) << statement;
    EXPECT_EQ(statement.find("\"other\""), std::string::npos) << statement;
  }
}

// A LANGUAGE sql body is checked when it is created: one that only writes to a table (ulogd2's
// `DELETE FROM ulog2_ct WHERE ...`, `INSERT INTO ... VALUES ...`) comes after the table too,
// in the plan and in the exported DDL.
TEST(FunctionPlan, SqlFunctionsWritingToATableAfterTheTable) {
  Schema to = parse_schema_sql(R"sql(
CREATE TABLE t (id bigint);
CREATE FUNCTION delete_t(bigint) RETURNS void AS $$ DELETE FROM t WHERE t.id = $1; $$ LANGUAGE sql;
CREATE FUNCTION insert_t(bigint) RETURNS void AS 'INSERT INTO t VALUES ($1)' LANGUAGE sql;
CREATE FUNCTION bump_t() RETURNS void AS 'UPDATE t SET id = id + 1' LANGUAGE sql;
)sql",
                               "b.sql");
  NoRenames resolver;
  Schema empty;
  Plan plan = plan_changes(diff_schemas(empty, to, resolver), empty, to);
  ASSERT_EQ(plan.statements.size(), 4u);
  EXPECT_TRUE(plan.statements[0].sql.starts_with("CREATE TABLE")) << plan.statements[0].sql;
  std::vector<std::string> exported = ddl::create_statements(to);
  ASSERT_EQ(exported.size(), 4u);
  EXPECT_TRUE(exported[0].starts_with("CREATE TABLE")) << exported[0];
}

// A SQL function reading a table that another table's default (and a check) calls: created
// before the tables with its body unchecked (the body reads `users`, the default needs the
// function), dropped after them; in the plan and in the export alike.
TEST(FunctionPlan, SqlFunctionReadingATableCalledByDefaultsGoesFirstUnchecked) {
  const std::string with = R"sql(
CREATE TABLE users (id int PRIMARY KEY, username text);
CREATE FUNCTION my_id() RETURNS int AS $$ SELECT id FROM users WHERE username = SESSION_USER $$
  LANGUAGE sql;
CREATE TABLE notes (id int, entered_by int DEFAULT my_id() CHECK (entered_by > 0));
)sql";
  std::vector<std::string> forwards = plan_sql("", with);
  ASSERT_EQ(forwards.size(), 5u) << ::testing::PrintToString(forwards);
  EXPECT_EQ(forwards[0], "SET check_function_bodies = false;");
  EXPECT_TRUE(forwards[1].starts_with("CREATE FUNCTION \"public\".\"my_id\"()")) << forwards[1];
  EXPECT_EQ(forwards[2], "RESET check_function_bodies;");
  EXPECT_TRUE(forwards[3].starts_with("CREATE TABLE")) << forwards[3];
  EXPECT_TRUE(forwards[4].starts_with("CREATE TABLE")) << forwards[4];
  std::vector<std::string> backwards = plan_sql(with, "");
  ASSERT_EQ(backwards.size(), 3u) << ::testing::PrintToString(backwards);
  EXPECT_TRUE(backwards[0].starts_with("DROP TABLE")) << backwards[0];
  EXPECT_TRUE(backwards[1].starts_with("DROP TABLE")) << backwards[1];
  EXPECT_EQ(backwards[2], "DROP FUNCTION \"public\".\"my_id\"();");

  std::vector<std::string> exported = ddl::create_statements(parse_schema_sql(with, "b.sql"));
  ASSERT_EQ(exported.size(), 5u) << ::testing::PrintToString(exported);
  EXPECT_EQ(exported[0], "SET check_function_bodies = false");
  EXPECT_EQ(exported[2], "RESET check_function_bodies");
  // Not called by a table: after the tables, checked, as before.
  std::vector<std::string> uncalled =
      plan_sql("",
               "CREATE TABLE users (id int);\n"
               "CREATE FUNCTION n() RETURNS bigint AS 'SELECT count(*) FROM users' LANGUAGE sql;");
  ASSERT_EQ(uncalled.size(), 2u);
  EXPECT_TRUE(uncalled[0].starts_with("CREATE TABLE")) << uncalled[0];
}

// PL/pgSQL resolves its declared variables' types when the function is created: a variable of
// a table's row type (`l_row location;`, `%ROWTYPE`, a column's `%TYPE`) needs the table first
// (LedgerSMB's _entity_location_save); other PL/pgSQL functions still come before the tables.
TEST(FunctionPlan, PlpgsqlFunctionDeclaringATablesRowTypeAfterTheTable) {
  for (const char* declared : {"l_row location;", "l_row public.location%ROWTYPE;",
                               "l_city location.city%TYPE;", "l_rows \"location\"[];"}) {
    std::string with = fmt::format(R"sql(
CREATE TABLE location (id int, city text);
CREATE FUNCTION location_count() RETURNS int LANGUAGE plpgsql AS $$
DECLARE {}
BEGIN RETURN 1; END $$;
CREATE FUNCTION plain() RETURNS int LANGUAGE plpgsql AS $$ DECLARE n int; BEGIN RETURN 1; END $$;
)sql",
                                   declared);
    std::vector<std::string> forwards = plan_sql("", with);
    ASSERT_EQ(forwards.size(), 3u) << ::testing::PrintToString(forwards);
    EXPECT_TRUE(forwards[0].starts_with("CREATE FUNCTION \"public\".\"plain\"")) << declared;
    EXPECT_TRUE(forwards[1].starts_with("CREATE TABLE")) << declared;
    EXPECT_TRUE(forwards[2].starts_with("CREATE FUNCTION \"public\".\"location_count\""))
        << declared;
  }
}

TEST(FunctionSnapshot, SleetSnapshotsCarryThemDrizzleComparisonsDropThem) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  SnapshotHeader header;
  header.id = "11111111-2222-4333-8444-555555555555";
  Schema loaded = load_snapshot(save_snapshot(schema, header), "snapshot.json");
  EXPECT_EQ(loaded.functions, schema.functions);
  EXPECT_EQ(loaded.tables.at({"public", "users"}).triggers,
            schema.tables.at({"public", "users"}).triggers);
  drop_what_drizzle_snapshots_cannot_hold(loaded);
  EXPECT_TRUE(loaded.functions.empty());
  EXPECT_TRUE(loaded.tables.at({"public", "users"}).triggers.empty());
}

}  // namespace
}  // namespace sleet::testing
