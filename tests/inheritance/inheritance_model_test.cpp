// Table inheritance without a server: what the parser reads (a child holds only its own
// columns and checks, merged ones as the server merges them) and where it refuses, DDL that
// parses back to the same model, the changes the diff makes and refuses, the plan's order and
// the snapshot's "sleet" member.
#include <gtest/gtest.h>

#include <algorithm>

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
CREATE TABLE events (
  id bigint NOT NULL,
  happened_at timestamptz DEFAULT now() NOT NULL,
  CONSTRAINT events_id_positive CHECK (id > 0),
  CONSTRAINT events_here_only CHECK (id < 1000000) NO INHERIT
);
CREATE TABLE audited (audited_by text DEFAULT 'system');
CREATE TABLE logins (
  happened_at timestamptz,
  user_name text NOT NULL
) INHERITS (events);
CREATE INDEX logins_user_name ON logins (user_name, id);
CREATE TABLE purchases (amount numeric NOT NULL) INHERITS (events, audited);
CREATE TABLE admin_logins () INHERITS (logins);
)sql";

TEST(InheritanceModel, ChildrenHoldOnlyTheirOwnAndMergeWhatTheyRepeat) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  const Table& logins = schema.tables.at({"public", "logins"});
  EXPECT_EQ(logins.inherits, (std::vector<QualifiedName>{{"public", "events"}}));
  ASSERT_EQ(logins.columns.size(), 2u);
  // The repeated column is the child's own, with the parent's NOT NULL and default, as the
  // server merges it.
  const Column& merged = logins.columns[0];
  EXPECT_EQ(merged.name, "happened_at");
  EXPECT_TRUE(merged.not_null);
  ASSERT_TRUE(merged.default_value);
  EXPECT_EQ(merged.default_value->canonical, "now()");
  EXPECT_TRUE(logins.check_constraints.empty());  // inherited: the parent's
  EXPECT_TRUE(logins.indexes.contains("logins_user_name"));
  EXPECT_EQ(schema.tables.at({"public", "purchases"}).inherits,
            (std::vector<QualifiedName>{{"public", "events"}, {"public", "audited"}}));
  EXPECT_TRUE(schema.tables.at({"public", "admin_logins"}).columns.empty());
  EXPECT_TRUE(
      schema.tables.at({"public", "events"}).check_constraints.at("events_here_only").no_inherit);
}

TEST(InheritanceModel, ExportedDdlParsesBackToTheSameModelParentsFirst) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  std::string script = ddl::create_script(schema);
  Schema again = parse_schema_sql(script, "exported.sql");
  EXPECT_EQ(again.tables, schema.tables) << script;
  std::vector<std::string> statements = ddl::create_statements(parse_schema_sql(
      "CREATE TABLE z (k int);\nCREATE TABLE a (j int) INHERITS (z);\n", "schema.sql"));
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_TRUE(statements[0].starts_with("CREATE TABLE \"public\".\"z\"")) << statements[0];
  EXPECT_EQ(statements[1],
            "CREATE TABLE \"public\".\"a\" (\n\t\"j\" integer\n) INHERITS (\"public\".\"z\")");
}

TEST(InheritanceModel, RefusedAtFileLineColumn) {
  EXPECT_EQ(failure("CREATE TABLE c (k int) INHERITS (p);"),
            "schema.sql:1:34: table public.p (inherited by public.c) does not exist");
  EXPECT_EQ(failure("CREATE TABLE p (k int) PARTITION BY LIST (k);\n"
                    "CREATE TABLE c (j int) INHERITS (p);"),
            "schema.sql:2:34: table public.p is partitioned or a partition: PostgreSQL does not "
            "let public.c inherit from it");
  EXPECT_EQ(failure("CREATE TABLE p (k int);\nCREATE TABLE c (k text) INHERITS (p);"),
            "schema.sql:2:17: column k has type text but its parent public.p has integer");
  EXPECT_EQ(failure("CREATE TABLE p (k int);\nCREATE TABLE c (j int) INHERITS (p, p);"),
            "schema.sql:2:37: table public.p is inherited more than once");
  EXPECT_EQ(failure("CREATE TABLE p (k int);\nCREATE TABLE c (j int);\nALTER TABLE c INHERIT p;"),
            "schema.sql:3:23: table public.c lacks column k of public.p, which INHERIT needs");
  // An index or a key may name an inherited column.
  EXPECT_EQ(failure("CREATE TABLE p (k int);\nCREATE TABLE c (j int) INHERITS (p);\n"
                    "CREATE INDEX c_k ON c (k);\nALTER TABLE c ADD PRIMARY KEY (k);"),
            "");
}

// The server copies a parent's column defaults to each child, and pg_dump writes every copy
// as ALTER TABLE ONLY child ... SET DEFAULT, in name order: a child whose name sorts first gets
// its copy before the parent's own default (a serial's nextval, set after the sequence). Such a
// copy is the parent's default whichever comes first; a default or comment of the child's own
// on an inherited column is refused at its place (not modelled yet).
TEST(InheritanceModel, ChildCopiesOfParentDefaultsInPgDumpOrder) {
  constexpr const char* kDumped = R"sql(
CREATE TABLE public.note (id integer NOT NULL, kind integer, body text DEFAULT ''::text);
CREATE TABLE public.asset_note () INHERITS (public.note);
CREATE SEQUENCE public.note_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.note_id_seq OWNED BY public.note.id;
ALTER TABLE ONLY public.asset_note ALTER COLUMN id SET DEFAULT nextval('public.note_id_seq'::regclass);
ALTER TABLE ONLY public.asset_note ALTER COLUMN body SET DEFAULT ''::text;
ALTER TABLE ONLY public.note ALTER COLUMN id SET DEFAULT nextval('public.note_id_seq'::regclass);
)sql";
  ParseReport report = parse_schema_sources({{"dump.sql", kDumped}});
  EXPECT_TRUE(changes(kDumped,
                      "CREATE TABLE note (id serial, kind integer, body text DEFAULT ''::text);\n"
                      "CREATE TABLE asset_note () INHERITS (note);")
                  .empty());
  EXPECT_EQ(report.schema.tables.at({"public", "asset_note"}).columns.size(), 0u);
  EXPECT_EQ(std::count_if(report.notes.begin(), report.notes.end(),
                          [](const std::string& note) {
                            return note.find("is its parent's: ignored") != std::string::npos;
                          }),
            2);

  const std::string tables =
      "CREATE TABLE note (id serial, kind integer);\nCREATE TABLE asset_note () INHERITS (note);\n";
  EXPECT_EQ(failure(tables + "ALTER TABLE asset_note ALTER COLUMN kind SET DEFAULT 4;"),
            "schema.sql:3:1: column kind of public.asset_note is inherited: a default of its own "
            "is not supported yet");
  EXPECT_EQ(failure(tables + "COMMENT ON COLUMN asset_note.kind IS 'the asset''s';"),
            "schema.sql:3:1: column kind of public.asset_note is inherited: a comment of its own "
            "is not supported yet");
  EXPECT_EQ(failure(tables + "COMMENT ON COLUMN asset_note.nothing IS 'x';"),
            "schema.sql:3:1: column nothing does not exist in public.asset_note");
}

TEST(InheritanceModel, AlterTableInheritAndNoInheritAsTheServerDoes) {
  Schema schema = parse_schema_sql(
      "CREATE TABLE p (k int NOT NULL, CONSTRAINT p_k CHECK (k > 0));\n"
      "CREATE TABLE c (j int) INHERITS (p);\n"
      "CREATE TABLE d (k int NOT NULL, CONSTRAINT p_k CHECK (k > 0));\n"
      "ALTER TABLE d INHERIT p;\n"
      "ALTER TABLE c NO INHERIT p;\n",
      "schema.sql");
  const Table& c = schema.tables.at({"public", "c"});
  EXPECT_TRUE(c.inherits.empty());
  ASSERT_NE(c.find_column("k"), nullptr);  // what it inherited is its own now
  EXPECT_TRUE(c.check_constraints.contains("p_k"));
  EXPECT_EQ(schema.tables.at({"public", "d"}).inherits,
            (std::vector<QualifiedName>{{"public", "p"}}));
}

constexpr const char* kParent = "CREATE TABLE p (k int NOT NULL, CONSTRAINT p_k CHECK (k > 0));\n";

TEST(InheritancePlan, ParentsCreatedBeforeAndDroppedAfterTheirChildren) {
  std::string schema = std::string(kParent) +
                       "CREATE TABLE a (j int) INHERITS (p);\n"
                       "CREATE TABLE aa () INHERITS (a);\n";
  std::vector<std::string> created = plan_sql("", schema);
  ASSERT_EQ(created.size(), 3u);
  EXPECT_TRUE(created[0].starts_with("CREATE TABLE \"public\".\"p\" (")) << created[0];
  EXPECT_TRUE(created[1].ends_with("INHERITS (\"public\".\"p\");")) << created[1];
  EXPECT_TRUE(created[2].ends_with("INHERITS (\"public\".\"a\");")) << created[2];
  std::vector<std::string> dropped = plan_sql(schema, "");
  ASSERT_EQ(dropped.size(), 3u);
  EXPECT_EQ(dropped[0], "DROP TABLE \"public\".\"aa\";");
  EXPECT_EQ(dropped[1], "DROP TABLE \"public\".\"a\";");
  EXPECT_EQ(dropped[2], "DROP TABLE \"public\".\"p\";");
}

TEST(InheritancePlan, InheritOnAnExistingTableTakesTheParentsCheckThroughTheParent) {
  std::string a = std::string(kParent) + "CREATE TABLE c (k int, j int);\n";
  std::string b = std::string(kParent) + "CREATE TABLE c (k int, j int) INHERITS (p);\n";
  std::vector<std::string> sql = plan_sql(a, b);
  ASSERT_EQ(sql.size(), 4u) << ::testing::PrintToString(sql);
  EXPECT_EQ(sql[0], "ALTER TABLE \"public\".\"c\" ALTER COLUMN \"k\" SET NOT NULL;");
  EXPECT_EQ(sql[1], "ALTER TABLE \"public\".\"p\" DROP CONSTRAINT \"p_k\";");
  EXPECT_EQ(sql[2], "ALTER TABLE \"public\".\"c\" INHERIT \"public\".\"p\";");
  EXPECT_EQ(sql[3], "ALTER TABLE \"public\".\"p\" ADD CONSTRAINT \"p_k\" CHECK (k > 0);");
}

TEST(InheritancePlan, NoInheritFirstThenWhatItInheritedIsComparedAsItsOwn) {
  std::string a = std::string(kParent) + "CREATE TABLE c (j int) INHERITS (p);\n";
  // The parent goes, the child stays, keeping the inherited column but not the check.
  std::vector<std::string> sql = plan_sql(a, "CREATE TABLE c (k int NOT NULL, j int);\n");
  ASSERT_EQ(sql.size(), 3u) << ::testing::PrintToString(sql);
  EXPECT_EQ(sql[0], "ALTER TABLE \"public\".\"c\" NO INHERIT \"public\".\"p\";");
  EXPECT_EQ(sql[1], "ALTER TABLE \"public\".\"c\" DROP CONSTRAINT \"p_k\";");
  EXPECT_EQ(sql[2], "DROP TABLE \"public\".\"p\";");
  // Not declared any more: the inherited column is dropped with its data, after NO INHERIT.
  NoRenames resolver;
  Schema from = parse_schema_sql(a, "a.sql");
  Schema to = parse_schema_sql(std::string(kParent) + "CREATE TABLE c (j int);\n", "b.sql");
  Plan plan = plan_changes(diff_schemas(from, to, resolver), from, to);
  ASSERT_GE(plan.statements.size(), 2u);
  EXPECT_EQ(plan.statements[0].sql, "ALTER TABLE \"public\".\"c\" NO INHERIT \"public\".\"p\";");
  auto dropped = std::find_if(plan.statements.begin(), plan.statements.end(), [](const auto& s) {
    return s.sql.find("DROP COLUMN \"k\"") != std::string::npos;
  });
  ASSERT_NE(dropped, plan.statements.end());
  EXPECT_TRUE(dropped->hazards & kDataLoss);
}

TEST(InheritancePlan, ColumnsAddedToAParentAreNotAddedToItsChildren) {
  std::string a = std::string(kParent) + "CREATE TABLE c (j int) INHERITS (p);\n";
  std::string b =
      "CREATE TABLE p (k int NOT NULL, note text, CONSTRAINT p_k CHECK (k > 0));\n"
      "CREATE TABLE c (j int, extra int) INHERITS (p);\n";
  std::vector<std::string> sql = plan_sql(a, b);
  std::sort(sql.begin(), sql.end());
  EXPECT_EQ(sql,
            (std::vector<std::string>{"ALTER TABLE \"public\".\"c\" ADD COLUMN \"extra\" integer;",
                                      "ALTER TABLE \"public\".\"p\" ADD COLUMN \"note\" text;"}));
}

TEST(InheritanceDiff, WhatPostgresCannotDoIsRefusedNamingTheTable) {
  auto refusal = [](const std::string& from, const std::string& to) {
    NoRenames resolver;
    try {
      diff_schemas(parse_schema_sql(from, "a.sql"), parse_schema_sql(to, "b.sql"), resolver);
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::Usage);
      return std::string(error.what()) + " | " + error.hint();
    }
    return std::string("no refusal");
  };
  EXPECT_EQ(refusal(std::string(kParent) + "CREATE TABLE c (j int);",
                    std::string(kParent) + "CREATE TABLE c (j int) INHERITS (p);"),
            "table public.c comes to inherit from public.p, but does not hold its column k: "
            "PostgreSQL's ALTER TABLE ... INHERIT needs the column there already | declare k "
            "integer in public.c too (it stays the table's own, merged with the parent's)");
  EXPECT_EQ(refusal(std::string(kParent) + "CREATE TABLE c (k int, j int) INHERITS (p);",
                    std::string(kParent) + "CREATE TABLE c (j int) INHERITS (p);"),
            "column k of table public.c is the table's own, and the schema files now leave it "
            "to a parent: PostgreSQL cannot make a column inherited only | keep declaring k in "
            "public.c (merged with the parent's column), or drop it with a custom migration "
            "first");
}

TEST(InheritanceSnapshot, SleetSnapshotsCarryTheParentsDrizzleComparisonsDropThem) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  SnapshotHeader header;
  header.id = "11111111-2222-4333-8444-555555555555";
  Schema loaded = load_snapshot(save_snapshot(schema, header), "snapshot.json");
  EXPECT_EQ(loaded.tables, schema.tables);
  NoRenames resolver;
  EXPECT_TRUE(diff_schemas(schema, loaded, resolver).empty());
  drop_what_drizzle_snapshots_cannot_hold(loaded);
  EXPECT_TRUE(loaded.tables.at({"public", "purchases"}).inherits.empty());
}

// A child's primary key on a column it inherits has no column row of the child's to be
// written on (`primaryKey: true`): the snapshot keeps it as a named key. A foreign key may
// reference that inherited column.
TEST(InheritanceSnapshot, ChildsPrimaryKeyOnAnInheritedColumnIsKept) {
  Schema schema = parse_schema_sql(
      "CREATE TABLE note (id serial PRIMARY KEY, body text);\n"
      "CREATE TABLE entity_note (PRIMARY KEY (id)) INHERITS (note);\n"
      "CREATE TABLE link (note_id int REFERENCES entity_note (id));\n",
      "schema.sql");
  ASSERT_TRUE(schema.tables.at({"public", "entity_note"}).primary_key);
  SnapshotHeader header;
  header.id = "11111111-2222-4333-8444-555555555555";
  Schema loaded = load_snapshot(save_snapshot(schema, header), "snapshot.json");
  ASSERT_TRUE(loaded.tables.at({"public", "entity_note"}).primary_key);
  EXPECT_EQ(loaded.tables.at({"public", "entity_note"}).primary_key->columns,
            (std::vector<std::string>{"id"}));
  NoRenames resolver;
  EXPECT_TRUE(diff_schemas(schema, loaded, resolver).empty());
}

}  // namespace
}  // namespace sleet::testing
