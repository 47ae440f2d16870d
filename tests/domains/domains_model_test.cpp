// Domains without a server: what the parser reads and where it refuses, DDL that parses back
// to the same model, which changes the diff makes (and the one it refuses), the plan's order
// and the snapshot's "sleet" member.
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
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE DOMAIN email AS varchar(254) COLLATE "C" DEFAULT 'nobody@example.com' NOT NULL
  CHECK (VALUE ~ '@') CONSTRAINT email_length CHECK (length(VALUE) > 3);
CREATE DOMAIN quantity AS integer CHECK (VALUE > 0) CHECK (VALUE < 1000000);
CREATE DOMAIN small_quantity AS quantity CHECK (VALUE < 100);
CREATE DOMAIN usual_mood AS mood DEFAULT 'happy';
COMMENT ON DOMAIN email IS 'one @';
CREATE TABLE orders (id int PRIMARY KEY, address email, amount small_quantity,
                     moods usual_mood[]);
)sql";

TEST(DomainModel, ParsedWithTheServersNames) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  ASSERT_EQ(schema.domains.size(), 4u);
  const Domain& email = schema.domains.at({"public", "email"});
  EXPECT_EQ(email.base_type.name, "character varying(254)");
  EXPECT_EQ(email.collation, "C");
  EXPECT_TRUE(email.not_null);
  ASSERT_TRUE(email.default_value);
  EXPECT_EQ(email.comment, "one @");
  // An unnamed check is named <domain>_check, then _check1, as the server names it.
  EXPECT_TRUE(email.constraints.contains("email_check"));
  EXPECT_TRUE(email.constraints.contains("email_length"));
  const Domain& quantity = schema.domains.at({"public", "quantity"});
  EXPECT_TRUE(quantity.constraints.contains("quantity_check"));
  EXPECT_TRUE(quantity.constraints.contains("quantity_check1"));
  const Domain& small = schema.domains.at({"public", "small_quantity"});
  EXPECT_EQ(small.base_type, (TypeName{"quantity", "public", 0}));
  EXPECT_EQ(schema.domains.at({"public", "usual_mood"}).base_type, (TypeName{"mood", "public", 0}));
  const Table& orders = schema.tables.at({"public", "orders"});
  EXPECT_EQ(orders.find_column("address")->type, (TypeName{"email", "public", 0}));
  EXPECT_EQ(orders.find_column("amount")->type, (TypeName{"small_quantity", "public", 0}));
  EXPECT_EQ(orders.find_column("moods")->type, (TypeName{"usual_mood", "public", 1}));
}

TEST(DomainModel, DdlParsesBackToTheSameModel) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  Schema again = parse_schema_sql(ddl::create_script(schema), "exported.sql");
  EXPECT_EQ(again.domains, schema.domains);
  EXPECT_EQ(again.tables, schema.tables);
}

TEST(DomainModel, RefusedWithTheirPlace) {
  EXPECT_EQ(failure("CREATE DOMAIN d AS text UNIQUE;"),
            "schema.sql:1:25: a domain takes only DEFAULT, NOT NULL, NULL and CHECK constraints");
  EXPECT_EQ(failure("CREATE DOMAIN d AS nothing;"), "schema.sql:1:20: unknown type \"nothing\"");
  EXPECT_EQ(failure("CREATE DOMAIN d AS text NULL NOT NULL;"),
            "schema.sql:1:30: domain public.d says both NULL and NOT NULL");
  EXPECT_EQ(failure("CREATE DOMAIN d AS text DEFAULT 'a' DEFAULT 'b';"),
            "schema.sql:1:37: domain public.d has two defaults");
  EXPECT_EQ(failure("CREATE DOMAIN d AS text;\nCREATE DOMAIN d AS int;"),
            "schema.sql:2:1: type public.d is defined twice: at schema.sql:1:1 and at "
            "schema.sql:2:1");
  EXPECT_EQ(failure("CREATE DOMAIN d AS text;\nCREATE TABLE t (c d(3));"),
            "schema.sql:2:19: domains take no type modifiers");
}

TEST(DomainDiff, AlteredInPlaceOrDroppedAndCreatedWhenUnused) {
  std::string table = "CREATE TABLE t (c d);\n";
  EXPECT_EQ(kinds("CREATE DOMAIN d AS text;" + table, "CREATE DOMAIN d AS text;" + table),
            std::vector<ChangeKind>{});
  EXPECT_EQ(
      plan_sql("CREATE DOMAIN d AS text DEFAULT 'a' CHECK (VALUE <> '');" + table,
               "CREATE DOMAIN d AS text NOT NULL CHECK (VALUE <> 'x') "
               "CONSTRAINT d_long CHECK (length(VALUE) > 1);" +
                   table),
      (std::vector<std::string>{
          "ALTER DOMAIN \"public\".\"d\" DROP CONSTRAINT \"d_check\";",
          "ALTER DOMAIN \"public\".\"d\" DROP DEFAULT;",
          "ALTER DOMAIN \"public\".\"d\" SET NOT NULL;",
          "ALTER DOMAIN \"public\".\"d\" ADD CONSTRAINT \"d_check\" CHECK (value <> 'x');",
          "ALTER DOMAIN \"public\".\"d\" ADD CONSTRAINT \"d_long\" CHECK (length(value) > 1);",
      }));
  // A base type change of an unused domain: dropped, then created.
  EXPECT_EQ(plan_sql("CREATE DOMAIN d AS int;", "CREATE DOMAIN d AS bigint;"),
            (std::vector<std::string>{"DROP DOMAIN \"public\".\"d\";",
                                      "CREATE DOMAIN \"public\".\"d\" AS bigint;"}));
}

TEST(DomainDiff, BaseTypeChangeOfAUsedDomainIsRefused) {
  try {
    changes("CREATE DOMAIN d AS int;\nCREATE TABLE t (c d);",
            "CREATE DOMAIN d AS bigint;\nCREATE TABLE t (c d);");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_EQ(error.where(), "domain public.d");
    EXPECT_NE(std::string(error.what())
                  .find("changes from integer to bigint, and column "
                        "public.t.c uses it"),
              std::string::npos)
        << error.what();
    EXPECT_FALSE(error.hint().empty());
  }
}

TEST(DomainPlan, DomainsAfterEnumsBeforeTablesDroppedTheOtherWay) {
  std::string schema = R"sql(
CREATE TYPE mood AS ENUM ('a');
CREATE DOMAIN z_base AS mood;
CREATE DOMAIN a_over_z AS z_base;
CREATE TABLE t (c a_over_z);
)sql";
  std::vector<std::string> created = plan_sql("", schema);
  ASSERT_EQ(created.size(), 4u);
  EXPECT_TRUE(created[0].starts_with("CREATE TYPE \"public\".\"mood\"")) << created[0];
  EXPECT_TRUE(created[1].starts_with("CREATE DOMAIN \"public\".\"z_base\"")) << created[1];
  EXPECT_TRUE(created[2].starts_with("CREATE DOMAIN \"public\".\"a_over_z\"")) << created[2];
  EXPECT_TRUE(created[3].starts_with("CREATE TABLE")) << created[3];
  std::vector<std::string> dropped = plan_sql(schema, "");
  ASSERT_EQ(dropped.size(), 4u);
  EXPECT_TRUE(dropped[0].starts_with("DROP TABLE")) << dropped[0];
  EXPECT_EQ(dropped[1], "DROP DOMAIN \"public\".\"a_over_z\";");
  EXPECT_EQ(dropped[2], "DROP DOMAIN \"public\".\"z_base\";");
  EXPECT_TRUE(dropped[3].starts_with("DROP TYPE \"public\".\"mood\"")) << dropped[3];
}

TEST(DomainSnapshot, SleetSnapshotsCarryThemDrizzleComparisonsDropThem) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  SnapshotHeader header;
  header.id = "11111111-2222-4333-8444-555555555555";
  Schema loaded = load_snapshot(save_snapshot(schema, header), "snapshot.json");
  EXPECT_EQ(loaded.domains, schema.domains);
  NoRenames resolver;
  EXPECT_TRUE(diff_schemas(schema, loaded, resolver).empty());
  drop_what_drizzle_snapshots_cannot_hold(loaded);
  EXPECT_TRUE(loaded.domains.empty());
}

}  // namespace
}  // namespace sleet::testing
