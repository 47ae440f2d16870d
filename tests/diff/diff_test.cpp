// diff_schemas: change kinds and their fields, rename questions, idempotence.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "../plan/plan_test_support.h"
#include "sleet/error.h"
#include "sleet/sources.h"
#include "support/realworld_files.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

std::vector<Change> diff_sql(const std::string& from, const std::string& to,
                             ScriptedResolver& resolver) {
  return diff_schemas(parse_schema_sql(from, "from.sql"), parse_schema_sql(to, "to.sql"), resolver);
}

std::vector<Change> diff_sql(const std::string& from, const std::string& to) {
  ScriptedResolver resolver;
  return diff_sql(from, to, resolver);
}

std::vector<ChangeKind> kinds(const std::vector<Change>& changes) {
  std::vector<ChangeKind> out;
  for (const Change& change : changes) out.push_back(change.kind);
  return out;
}

const Change* find(const std::vector<Change>& changes, ChangeKind kind) {
  auto it = std::find_if(changes.begin(), changes.end(),
                         [&](const Change& change) { return change.kind == kind; });
  return it == changes.end() ? nullptr : &*it;
}

// A key read without a name (a drizzle-kit snapshot's column-level primaryKey) takes the
// other side's name when both are on the same columns; on other columns it is a change.
TEST(Diff, AnUnnamedPrimaryKeyIsComparedByItsColumns) {
  Schema from = parse_schema_sql("CREATE TABLE friendships (id int, other int, "
                                 "CONSTRAINT friendships_pkey PRIMARY KEY (id));",
                                 "from.sql");
  from.tables.begin()->second.primary_key->unnamed = true;
  Schema to = parse_schema_sql("CREATE TABLE friendships (id int, other int, "
                               "CONSTRAINT contacts_pkey PRIMARY KEY (id));",
                               "to.sql");
  ScriptedResolver resolver;
  EXPECT_TRUE(diff_schemas(from, to, resolver).empty());
  EXPECT_TRUE(diff_schemas(to, from, resolver).empty());
  // Named on both sides: the name is the server's, and a difference.
  from.tables.begin()->second.primary_key->unnamed = false;
  EXPECT_FALSE(diff_schemas(from, to, resolver).empty());
  // Other columns: dropped and added, whatever the names.
  from.tables.begin()->second.primary_key->unnamed = true;
  from.tables.begin()->second.primary_key->columns = {"other"};
  auto changes = diff_schemas(from, to, resolver);
  EXPECT_NE(find(changes, ChangeKind::DropPrimaryKey), nullptr);
  EXPECT_NE(find(changes, ChangeKind::AddPrimaryKey), nullptr);
}

// A UNIQUE on exactly the key's columns, on one side only (the server folded it into the
// key), is no difference; on other columns it is.
TEST(Diff, AUniqueThatDuplicatesThePrimaryKeyOnOneSideIsNoChange) {
  std::string with_unique =
      "CREATE TABLE accounts (id int, email text, CONSTRAINT accounts_id_unique UNIQUE (id));\n"
      "ALTER TABLE accounts ADD PRIMARY KEY (id);\n";
  std::string key_only = "CREATE TABLE accounts (id int PRIMARY KEY, email text);\n";
  EXPECT_TRUE(diff_sql(with_unique, key_only).empty());
  EXPECT_TRUE(diff_sql(key_only, with_unique).empty());
  std::string other_unique =
      "CREATE TABLE accounts (id int PRIMARY KEY, email text, CONSTRAINT accounts_email_unique "
      "UNIQUE (email));\n";
  EXPECT_EQ(kinds(diff_sql(other_unique, key_only)),
            std::vector<ChangeKind>{ChangeKind::DropUnique});
}

TEST(Diff, IdenticalSchemasHaveNoChanges) {
  Schema basic = parse_schema_files({source_dir() / "examples/basic/schema/00_types.sql",
                                     source_dir() / "examples/basic/schema/10_auth.sql",
                                     source_dir() / "examples/basic/schema/20_users.sql"});
  ScriptedResolver resolver;
  EXPECT_TRUE(diff_schemas(basic, basic, resolver).empty());
  EXPECT_TRUE(resolver.questions.empty());
  // From nothing, everything is created and nothing is asked.
  auto changes = diff_schemas(Schema{}, basic, resolver);
  EXPECT_TRUE(resolver.questions.empty());
  auto created = kinds(changes);
  EXPECT_EQ(std::count(created.begin(), created.end(), ChangeKind::CreateTable), 6);
}

TEST(Diff, RealWorldSchemasDiffEmptyAgainstThemselves) {
  namespace fs = std::filesystem;
  for (const char* name :
       {"ejabberd-pg.sql", "ejabberd-pg.new.sql", "mediawiki-tables-generated.sql"}) {
    fs::path file = realworld_file(name);
    Schema schema = parse_schema_files({file});
    NoRenames none;
    EXPECT_TRUE(diff_schemas(schema, schema, none).empty()) << file;
    // And a copy made from nothing plans without errors.
    Plan plan = plan_changes(diff_schemas(Schema{}, schema, none), Schema{}, schema);
    EXPECT_FALSE(plan.empty());
  }
}

// DEFAULT 'now()' on a date or time column is read once, when the column is created, and
// stored as that moment (FreeRADIUS's `creationdate`): the same as any constant of the type.
// A call of now() is read at each insert, and another type keeps the text: both are changes.
TEST(Diff, ADefaultReadOnceAtCreationIsTheSameAsTheMomentStored) {
  auto table = [](const std::string& type, const std::string& default_value) {
    return "CREATE TABLE t (c " + type + " DEFAULT " + default_value + ");";
  };
  std::string stored = "'2026-12-07 13:51:39.701825+00'";
  EXPECT_TRUE(diff_sql(table("timestamptz", stored), table("timestamptz", "'now()'")).empty());
  EXPECT_TRUE(diff_sql(table("timestamp(3)", "'now'"), table("timestamp(3)", stored)).empty());
  EXPECT_TRUE(diff_sql(table("date", "'2026-12-07'"), table("date", "'Today'")).empty());
  EXPECT_EQ(kinds(diff_sql(table("timestamptz", stored), table("timestamptz", "now()"))),
            std::vector{ChangeKind::SetColumnDefault});
  EXPECT_EQ(kinds(diff_sql(table("timestamptz", stored), table("timestamptz", "'2020-01-01'"))),
            std::vector{ChangeKind::SetColumnDefault});
  EXPECT_EQ(kinds(diff_sql(table("text", "'x'"), table("text", "'now'"))),
            std::vector{ChangeKind::SetColumnDefault});
  Schema declared = parse_schema_sql(table("timestamptz", "'now()'"), "t.sql");
  EXPECT_TRUE(default_is_frozen_moment(declared.tables.begin()->second.columns[0]));
}

// The literal check runs for every compared column: a long literal (a JSON document as a
// default) must not exhaust the stack, and a quote doubled inside one is part of its text.
TEST(Diff, LongAndQuotedLiteralDefaultsAreComparedAsText) {
  std::string document = "'{\"k\": \"" + std::string(200000, 'x') + "\"}'";
  Schema declared = parse_schema_sql("CREATE TABLE t (c jsonb DEFAULT " + document + ");", "t.sql");
  EXPECT_FALSE(default_is_frozen_moment(declared.tables.begin()->second.columns[0]));
  EXPECT_TRUE(diff_sql("CREATE TABLE t (c jsonb DEFAULT " + document + ");",
                       "CREATE TABLE t (c jsonb DEFAULT " + document + ");")
                  .empty());
  Schema quoted = parse_schema_sql("CREATE TABLE t (c date DEFAULT 'to''day');", "t.sql");
  EXPECT_FALSE(default_is_frozen_moment(quoted.tables.begin()->second.columns[0]));
}

TEST(Diff, ColumnChangesCarryBeforeAndAfter) {
  auto changes = diff_sql("CREATE TABLE t (a int, b text DEFAULT 'x', c int NOT NULL);",
                          "CREATE TABLE t (a bigint, b text, c int, d int);");
  const Change* type = find(changes, ChangeKind::AlterColumnType);
  ASSERT_NE(type, nullptr);
  EXPECT_EQ(type->object, (QualifiedName{"public", "t"}));
  EXPECT_EQ(type->name, "a");
  EXPECT_EQ(std::get<Column>(type->before).type.name, "integer");
  EXPECT_EQ(std::get<Column>(type->after).type.name, "bigint");
  ASSERT_NE(find(changes, ChangeKind::DropColumnDefault), nullptr);
  EXPECT_EQ(find(changes, ChangeKind::DropColumnDefault)->name, "b");
  ASSERT_NE(find(changes, ChangeKind::DropNotNull), nullptr);
  ASSERT_NE(find(changes, ChangeKind::AddColumn), nullptr);
  EXPECT_EQ(find(changes, ChangeKind::AddColumn)->name, "d");
}

TEST(Diff, ColumnRenameIsAskedAndFollowedByConstraints) {
  ScriptedResolver resolver(std::map<std::string, std::string>{{"b", "a"}});
  auto changes = diff_sql(
      "CREATE TABLE t (a int CHECK (a > 0), x int); CREATE INDEX t_a ON t (a) WHERE a < 10;"
      "CREATE UNIQUE INDEX t_lower ON t ((a + 1));",
      "CREATE TABLE t (b int, x int, CONSTRAINT t_a_check CHECK (b > 0));"
      "CREATE INDEX t_a ON t (b) WHERE b < 10; CREATE UNIQUE INDEX t_lower ON t ((b + 1));",
      resolver);
  ASSERT_EQ(resolver.questions.size(), 1u);
  EXPECT_EQ(resolver.questions[0].kind, RenameKind::Column);
  EXPECT_EQ(resolver.questions[0].scope, "public.t");
  EXPECT_EQ(resolver.questions[0].created, "b");
  EXPECT_EQ(resolver.questions[0].candidates, std::vector<std::string>{"a"});
  // PostgreSQL renames the column inside the check and index: nothing else to do.
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, ChangeKind::RenameColumn);
  EXPECT_EQ(changes[0].old_name, "a");
  EXPECT_EQ(changes[0].name, "b");
}

TEST(Diff, NoQuestionWithoutBothMissingAndCreated) {
  ScriptedResolver resolver;
  diff_sql("CREATE TABLE t (a int);", "CREATE TABLE t (a int, b int); CREATE TABLE u (x int);",
           resolver);
  diff_sql("CREATE TABLE t (a int, b int); CREATE TABLE u (x int);", "CREATE TABLE t (a int);",
           resolver);
  EXPECT_TRUE(resolver.questions.empty());
}

TEST(Diff, ChosenCandidateLeavesTheList) {
  ScriptedResolver resolver(std::map<std::string, std::string>{{"public.c", "public.a"}});
  auto changes = diff_sql("CREATE TABLE a (x int); CREATE TABLE b (x int);",
                          "CREATE TABLE c (x int); CREATE TABLE d (x int);", resolver);
  ASSERT_EQ(resolver.questions.size(), 2u);
  EXPECT_EQ(resolver.questions[0].created, "public.c");
  EXPECT_EQ(resolver.questions[0].candidates, (std::vector<std::string>{"public.a", "public.b"}));
  EXPECT_EQ(resolver.questions[1].created, "public.d");
  EXPECT_EQ(resolver.questions[1].candidates, std::vector<std::string>{"public.b"});
  ASSERT_NE(find(changes, ChangeKind::RenameTable), nullptr);
  EXPECT_EQ(find(changes, ChangeKind::RenameTable)->old_object, (QualifiedName{"public", "a"}));
  EXPECT_NE(find(changes, ChangeKind::CreateTable), nullptr);
  EXPECT_NE(find(changes, ChangeKind::DropTable), nullptr);
}

TEST(Diff, AnswerOutsideCandidatesIsAnError) {
  ScriptedResolver resolver(std::map<std::string, std::string>{{"public.c", "public.zzz"}});
  EXPECT_THROW(diff_sql("CREATE TABLE a (x int);", "CREATE TABLE c (x int);", resolver), Error);
}

TEST(Diff, TableMoveAndRenameAreTwoChanges) {
  ScriptedResolver resolver(std::map<std::string, std::string>{{"b.u", "a.t"}});
  auto changes = diff_sql("CREATE SCHEMA a; CREATE SCHEMA b; CREATE TABLE a.t (x int);",
                          "CREATE SCHEMA a; CREATE SCHEMA b; CREATE TABLE b.u (x int);", resolver);
  EXPECT_EQ(kinds(changes), (std::vector{ChangeKind::MoveTable, ChangeKind::RenameTable}));
  EXPECT_EQ(changes[0].object, (QualifiedName{"b", "t"}));
  EXPECT_EQ(changes[1].old_object, (QualifiedName{"b", "t"}));
  EXPECT_EQ(changes[1].object, (QualifiedName{"b", "u"}));
}

TEST(Diff, EnumAdditionsAndRemovals) {
  auto added = diff_sql("CREATE TYPE e AS ENUM ('a', 'c');",
                        "CREATE TYPE e AS ENUM ('x', 'a', 'b', 'c', 'z');");
  ASSERT_EQ(added.size(), 3u);
  EXPECT_EQ(added[0].name, "x");
  EXPECT_EQ(added[0].detail, "a");
  EXPECT_EQ(added[1].name, "b");
  EXPECT_EQ(added[1].detail, "c");
  EXPECT_EQ(added[2].name, "z");
  EXPECT_EQ(added[2].detail, "");
  EXPECT_EQ(
      kinds(diff_sql("CREATE TYPE e AS ENUM ('a', 'b');", "CREATE TYPE e AS ENUM ('b', 'a');")),
      std::vector{ChangeKind::RecreateEnum});
  EXPECT_EQ(kinds(diff_sql("CREATE TYPE e AS ENUM ('a', 'b');", "CREATE TYPE e AS ENUM ('a');")),
            std::vector{ChangeKind::RecreateEnum});
}

TEST(Diff, ConstraintAndIndexChangesAreDropPlusAdd) {
  auto changes = diff_sql(
      "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (id int REFERENCES p, "
      "CONSTRAINT c CHECK (id > 0)); CREATE INDEX i ON t (id);",
      "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (id int, "
      "CONSTRAINT t_id_fkey FOREIGN KEY (id) REFERENCES p DEFERRABLE, CONSTRAINT c CHECK (id > 1));"
      "CREATE INDEX i ON t USING hash (id);");
  auto k = kinds(changes);
  for (ChangeKind kind :
       {ChangeKind::DropForeignKey, ChangeKind::AddForeignKey, ChangeKind::DropCheck,
        ChangeKind::AddCheck, ChangeKind::DropIndex, ChangeKind::CreateIndex}) {
    EXPECT_EQ(std::count(k.begin(), k.end(), kind), 1) << to_string(kind);
  }
}

TEST(Diff, CommentOnlyChangesAreComments) {
  auto changes = diff_sql("CREATE TABLE t (a int); CREATE INDEX i ON t (a);",
                          "CREATE TABLE t (a int); CREATE INDEX i ON t (a);"
                          "COMMENT ON INDEX i IS 'x'; COMMENT ON COLUMN t.a IS 'y';");
  ASSERT_EQ(changes.size(), 2u);
  for (const Change& change : changes) EXPECT_EQ(change.kind, ChangeKind::SetComment);
  EXPECT_EQ(changes[0].detail, "COLUMN");
  EXPECT_EQ(std::get<std::string>(changes[0].after), "y");
  EXPECT_EQ(changes[1].detail, "INDEX");
}

TEST(Diff, GeneratedExpressionChangeRecreatesDependentIndex) {
  auto changes = diff_sql(
      "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED); CREATE INDEX i ON t (b);",
      "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 3) STORED); CREATE INDEX i ON t (b);");
  EXPECT_EQ(kinds(changes), (std::vector{ChangeKind::SetGenerated, ChangeKind::DropIndex,
                                         ChangeKind::CreateIndex}));
}

TEST(Diff, PolicyAlterVersusRecreate) {
  auto altered = diff_sql("CREATE TABLE t (a int); CREATE POLICY p ON t USING (a > 0);",
                          "CREATE TABLE t (a int); CREATE POLICY p ON t USING (a > 1);");
  EXPECT_EQ(kinds(altered), std::vector{ChangeKind::AlterPolicy});
  auto recreated =
      diff_sql("CREATE TABLE t (a int); CREATE POLICY p ON t USING (a > 0);",
               "CREATE TABLE t (a int); CREATE POLICY p ON t FOR SELECT USING (a > 0);");
  EXPECT_EQ(kinds(recreated), (std::vector{ChangeKind::DropPolicy, ChangeKind::CreatePolicy}));
}

TEST(Diff, ApplyRenamesFollowsReferences) {
  Schema from = parse_schema_sql(
      "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int REFERENCES p (id));", "f.sql");
  Change rename_column{ChangeKind::RenameColumn, {"public", "p"}, "key", {}, "id", {}, {}, {}};
  Change rename_table{
      ChangeKind::RenameTable, {"public", "q"}, "", {"public", "p"}, "", {}, {}, {}};
  Schema renamed = apply_renames(from, {rename_column, rename_table});
  ASSERT_TRUE(renamed.tables.contains({"public", "q"}));
  EXPECT_EQ(renamed.tables.at({"public", "q"}).primary_key->columns,
            std::vector<std::string>{"key"});
  const ForeignKey& key = renamed.tables.at({"public", "c"}).foreign_keys.begin()->second;
  EXPECT_EQ(key.references, (QualifiedName{"public", "q"}));
  EXPECT_EQ(key.referenced_columns, std::vector<std::string>{"key"});
}

// An attribute that disappeared while another appeared is a rename question scoped to its
// type; answered, the attribute keeps its place and nothing is dropped.
TEST(Diff, CompositeAttributeRenameIsAskedAndFollowed) {
  const char* from = "CREATE TYPE pt AS (x int, y int); CREATE TABLE t (p pt);";
  const char* to = "CREATE TYPE pt AS (x int, yy int); CREATE TABLE t (p pt);";
  ScriptedResolver unanswered;
  auto changes = diff_sql(from, to, unanswered);
  ASSERT_EQ(unanswered.questions.size(), 1u);
  EXPECT_EQ(unanswered.questions[0].kind, RenameKind::Attribute);
  EXPECT_EQ(unanswered.questions[0].scope, "public.pt");
  EXPECT_EQ(unanswered.questions[0].candidates, std::vector<std::string>{"y"});
  EXPECT_NE(find(changes, ChangeKind::AlterCompositeType), nullptr);
  ScriptedResolver answered(std::map<std::string, std::string>{{"yy", "y"}});
  changes = diff_sql(from, to, answered);
  ASSERT_EQ(kinds(changes), std::vector<ChangeKind>{ChangeKind::RenameCompositeAttribute});
  EXPECT_EQ(changes[0].object, (QualifiedName{"public", "pt"}));
  EXPECT_EQ(changes[0].old_name, "y");
  EXPECT_EQ(changes[0].name, "yy");
  // Nothing disappeared: nothing is asked.
  ScriptedResolver added;
  diff_sql(from, "CREATE TYPE pt AS (x int, y int, z int); CREATE TABLE t (p pt);", added);
  EXPECT_TRUE(added.questions.empty());
}

// Domains, composite and range types renamed (or moved): what uses them follows, so the only
// changes are the renames (the check keeps its name here: a default name following the domain
// is an AlterDomain, planned as RENAME CONSTRAINT, see tests/evolution).
TEST(Diff, TypeRenamesAreFollowedByTheirUsers) {
  const char* from =
      "CREATE SCHEMA app;"
      "CREATE DOMAIN positive AS int CHECK (VALUE > 0);"
      "CREATE DOMAIN small AS positive CHECK (VALUE < 10);"
      "CREATE TYPE pt AS (x positive, y int);"
      "CREATE TYPE floatrange AS RANGE (subtype = float8);"
      "CREATE TABLE t (q positive, ps pt[], r floatrange, m floatmultirange);"
      "CREATE FUNCTION f(p pt) RETURNS positive LANGUAGE sql AS 'SELECT 1';";
  const char* to =
      "CREATE SCHEMA app;"
      "CREATE DOMAIN app.amount AS int CONSTRAINT positive_check CHECK (VALUE > 0);"
      "CREATE DOMAIN small AS app.amount CHECK (VALUE < 10);"
      "CREATE TYPE point2 AS (x app.amount, y int);"
      "CREATE TYPE realrange AS RANGE (subtype = float8);"
      "CREATE TABLE t (q app.amount, ps point2[], r realrange, m realmultirange);"
      "CREATE FUNCTION f(p point2) RETURNS app.amount LANGUAGE sql AS 'SELECT 1';";
  ScriptedResolver resolver({{"app.amount", "public.positive"},
                             {"public.point2", "public.pt"},
                             {"public.realrange", "public.floatrange"}});
  auto changes = diff_sql(from, to, resolver);
  EXPECT_EQ(kinds(changes), (std::vector<ChangeKind>{
                                ChangeKind::MoveDomain, ChangeKind::RenameDomain,
                                ChangeKind::RenameCompositeType, ChangeKind::RenameRangeType}));
  ASSERT_EQ(resolver.questions.size(), 3u);
  EXPECT_EQ(resolver.questions[0].kind, RenameKind::Domain);
  EXPECT_EQ(resolver.questions[1].kind, RenameKind::CompositeType);
  EXPECT_EQ(resolver.questions[2].kind, RenameKind::RangeType);
  Schema renamed = apply_renames(parse_schema_sql(from, "from.sql"), changes);
  ScriptedResolver none;
  EXPECT_TRUE(diff_schemas(renamed, parse_schema_sql(to, "to.sql"), none).empty());
}

}  // namespace
}  // namespace sleet::testing
