// Collations without a server: what CREATE COLLATION reads (FROM held as what it copies) and
// where it refuses, DDL that parses back to the same model, the diff's changes (a changed
// definition planned around the columns using it, refused under a domain) and the snapshot's
// "sleet" member.
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
CREATE SCHEMA auth;
CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
COMMENT ON COLLATION case_insensitive IS 'emails';
CREATE COLLATION auth.copy FROM public.case_insensitive;
CREATE COLLATION auth.root FROM "und-x-icu";
CREATE COLLATION auth.bytewise (lc_collate = 'C', lc_ctype = 'POSIX', version = '1');
CREATE COLLATION plain (locale = 'C');
CREATE TABLE users (
  email text COLLATE public.case_insensitive UNIQUE,
  login text COLLATE auth.copy,
  code text
);
CREATE INDEX users_code ON users (code COLLATE auth.bytewise);
)sql";

TEST(CollationModel, ParsedAsTheServerHoldsThem) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  ASSERT_EQ(schema.collations.size(), 5u);
  const Collation& ci = schema.collations.at({"public", "case_insensitive"});
  EXPECT_EQ(ci.provider, "icu");
  EXPECT_EQ(ci.locale, "und-u-ks-level2");
  EXPECT_FALSE(ci.deterministic);
  EXPECT_EQ(ci.comment, "emails");
  // FROM copies the definition, under its own name and without the comment.
  const Collation& copy = schema.collations.at({"auth", "copy"});
  EXPECT_TRUE(copy.same_definition(ci));
  EXPECT_EQ(copy.name, (QualifiedName{"auth", "copy"}));
  EXPECT_FALSE(copy.comment);
  const Collation& root = schema.collations.at({"auth", "root"});
  EXPECT_EQ(root.provider, "icu");
  EXPECT_EQ(root.locale, "und");
  EXPECT_TRUE(root.deterministic);
  const Collation& bytewise = schema.collations.at({"auth", "bytewise"});
  EXPECT_EQ(bytewise.provider, "libc");
  EXPECT_EQ(bytewise.lc_collate, "C");
  EXPECT_EQ(bytewise.lc_ctype, "POSIX");
  // LOCALE sets both for libc.
  const Collation& plain = schema.collations.at({"public", "plain"});
  EXPECT_EQ(plain.lc_collate, "C");
  EXPECT_EQ(plain.lc_ctype, "C");
  EXPECT_TRUE(plain.locale.empty());
  // public's collation is named bare however it is written, as the inspector names it.
  const Table& users = schema.tables.at({"public", "users"});
  EXPECT_EQ(users.find_column("email")->collation, "case_insensitive");
  EXPECT_EQ(users.find_column("login")->collation, "auth.copy");
  EXPECT_EQ(users.indexes.at("users_code").elements.at(0).collation, "auth.bytewise");
}

TEST(CollationModel, DdlParsesBackToTheSameModel) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  std::string script = ddl::create_script(schema);
  EXPECT_NE(script.find("CREATE COLLATION \"public\".\"case_insensitive\" (provider = icu, locale "
                        "= 'und-u-ks-level2', deterministic = false);"),
            std::string::npos)
      << script;
  EXPECT_NE(script.find("COLLATE \"auth\".\"copy\""), std::string::npos) << script;
  Schema again = parse_schema_sql(script, "exported.sql");
  EXPECT_EQ(again.collations, schema.collations);
  EXPECT_EQ(again.tables, schema.tables);
}

TEST(CollationModel, RefusedWithTheirPlace) {
  EXPECT_EQ(failure("CREATE COLLATION c (provider = builtin, locale = 'C');"),
            "schema.sql:1:21: collation provider builtin is not known");
  EXPECT_EQ(failure("CREATE COLLATION c (provider = icu, locale = 'und', strength = 2);"),
            "schema.sql:1:53: collation option strength is not known");
  EXPECT_EQ(failure("CREATE COLLATION c (provider = icu);"),
            "schema.sql:1:1: ICU collation public.c names no LOCALE");
  EXPECT_EQ(failure("CREATE COLLATION c (lc_collate = 'C');"),
            "schema.sql:1:1: libc collation public.c names no LC_COLLATE or LC_CTYPE");
  EXPECT_EQ(failure("CREATE COLLATION c (locale = 'C', deterministic = false);"),
            "schema.sql:1:1: libc collation public.c cannot be nondeterministic");
  EXPECT_EQ(failure("CREATE COLLATION c (provider = icu, locale = 'und', deterministic = maybe);"),
            "schema.sql:1:53: DETERMINISTIC = maybe is not a boolean");
  EXPECT_EQ(failure("CREATE COLLATION c (locale = 'C');\nCREATE COLLATION c (locale = 'POSIX');"),
            "schema.sql:2:1: collation public.c is defined twice: at schema.sql:1:1 and at "
            "schema.sql:2:1");
  std::string from_server = failure("CREATE COLLATION c FROM \"en_US\";");
  EXPECT_TRUE(from_server.starts_with("schema.sql:1:25: CREATE COLLATION ... FROM en_US"))
      << from_server;
  EXPECT_EQ(failure("COMMENT ON COLLATION missing IS 'x';"),
            "schema.sql:1:1: collation public.missing does not exist");
}

constexpr const char* kLevel2 =
    "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\n";
constexpr const char* kLevel1 =
    "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level1', deterministic = false);\n";

TEST(CollationPlan, CreatedBeforeWhatUsesItDroppedAfter) {
  std::string schema = std::string(kLevel2) +
                       "CREATE DOMAIN login AS text COLLATE ci;\n"
                       "CREATE TABLE t (e text COLLATE ci);\n";
  std::vector<std::string> created = plan_sql("", schema);
  ASSERT_EQ(created.size(), 3u);
  EXPECT_EQ(created[0],
            "CREATE COLLATION \"public\".\"ci\" (provider = icu, locale = 'und-u-ks-level2', "
            "deterministic = false);");
  EXPECT_TRUE(created[1].starts_with("CREATE DOMAIN \"public\".\"login\" AS text COLLATE \"ci\""))
      << created[1];
  EXPECT_TRUE(created[2].starts_with("CREATE TABLE")) << created[2];
  std::vector<std::string> dropped = plan_sql(schema, "");
  ASSERT_EQ(dropped.size(), 3u);
  EXPECT_TRUE(dropped[0].starts_with("DROP TABLE")) << dropped[0];
  EXPECT_EQ(dropped[1], "DROP DOMAIN \"public\".\"login\";");
  EXPECT_EQ(dropped[2], "DROP COLLATION \"public\".\"ci\";");
  // A comment alone is COMMENT ON COLLATION.
  EXPECT_EQ(plan_sql(schema, schema + "COMMENT ON COLLATION ci IS 'emails';"),
            std::vector<std::string>{"COMMENT ON COLLATION \"public\".\"ci\" IS 'emails';"});
}

TEST(CollationPlan, ChangedDefinitionKeepsTheColumnsThroughDropAndCreate) {
  std::string table = "CREATE TABLE t (id int, e text COLLATE ci UNIQUE);\n";
  EXPECT_EQ(plan_sql(kLevel2 + table, kLevel1 + table),
            (std::vector<std::string>{
                "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"e\" SET DATA TYPE text COLLATE "
                "\"default\";",
                "DROP COLLATION \"public\".\"ci\";",
                "CREATE COLLATION \"public\".\"ci\" (provider = icu, locale = "
                "'und-u-ks-level1', deterministic = false);",
                "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"e\" SET DATA TYPE text COLLATE "
                "\"ci\";",
            }));
  // The version is the library's: never a difference.
  EXPECT_EQ(kinds(kLevel2,
                  "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', "
                  "deterministic = false, version = '153.120');"),
            std::vector<ChangeKind>{});
}

TEST(CollationDiff, ChangedUnderADomainIsRefused) {
  std::string domain = "CREATE DOMAIN login AS text COLLATE ci;\n";
  try {
    changes(kLevel2 + domain, kLevel1 + domain);
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_EQ(error.where(), "collation public.ci");
    EXPECT_NE(std::string(error.what()).find("and domain public.login uses it"), std::string::npos)
        << error.what();
    EXPECT_FALSE(error.hint().empty());
  }
}

TEST(CollationSnapshot, SleetSnapshotsCarryThemDrizzleComparisonsDropThem) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  SnapshotHeader header;
  header.id = "11111111-2222-4333-8444-555555555555";
  Schema loaded = load_snapshot(save_snapshot(schema, header), "snapshot.json");
  EXPECT_EQ(loaded.collations, schema.collations);
  NoRenames resolver;
  EXPECT_TRUE(diff_schemas(schema, loaded, resolver).empty());
  drop_what_drizzle_snapshots_cannot_hold(loaded);
  EXPECT_TRUE(loaded.collations.empty());
}

}  // namespace
}  // namespace sleet::testing
