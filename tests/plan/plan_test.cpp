// plan_changes without a database: statement order and hazard flags.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "plan_test_support.h"

namespace sleet::testing {
namespace {

TEST(Plan, EveryStatementEndsWithASemicolonAndIsQualified) {
  Plan plan = plan_between("", "CREATE TABLE t (a int); CREATE INDEX i ON t (a);");
  ASSERT_EQ(plan.statements.size(), 2u);
  for (const auto& statement : plan.statements) {
    EXPECT_TRUE(statement.sql.ends_with(";")) << statement.sql;
    EXPECT_NE(statement.sql.find("\"public\".\"t\""), std::string::npos) << statement.sql;
  }
}

// Exactly one semicolon, comments included (they once ended with ";;").
TEST(Plan, CommentsEndWithOneSemicolon) {
  Plan plan = plan_between(
      "CREATE TABLE t (a int);",
      "CREATE TABLE t (a int); COMMENT ON TABLE t IS 'things'; COMMENT ON COLUMN t.a IS 'the a';"
      "CREATE TABLE u (b int); COMMENT ON TABLE u IS 'new';");
  int comments = 0;
  for (const auto& statement : plan.statements) {
    EXPECT_TRUE(statement.sql.ends_with(";")) << statement.sql;
    EXPECT_FALSE(statement.sql.ends_with(";;")) << statement.sql;
    if (statement.sql.starts_with("COMMENT ON")) ++comments;
  }
  EXPECT_EQ(comments, 3);
}

TEST(Plan, ForeignKeysComeAfterBothTables) {
  Plan plan = plan_between("",
                           "CREATE TABLE b (id int PRIMARY KEY, a int REFERENCES a);"
                           "CREATE TABLE a (id int PRIMARY KEY, b int REFERENCES b);");
  int fk = position_of(plan, "FOREIGN KEY");
  ASSERT_GE(fk, 0);
  EXPECT_LT(position_of(plan, "CREATE TABLE \"public\".\"a\""), fk);
  EXPECT_LT(position_of(plan, "CREATE TABLE \"public\".\"b\""), fk);
}

TEST(Plan, DependentViewIsDroppedBeforeTheColumnAndRecreatedAfter) {
  Plan plan = plan_between(
      "CREATE TABLE t (a int, b int); CREATE VIEW v AS SELECT a, b FROM t;"
      "CREATE VIEW w AS SELECT a FROM v;",
      "CREATE TABLE t (a int); CREATE VIEW v AS SELECT a FROM t;"
      "CREATE VIEW w AS SELECT a FROM v;");
  int drop_w = position_of(plan, "DROP VIEW \"public\".\"w\"");
  int drop_v = position_of(plan, "DROP VIEW \"public\".\"v\"");
  int drop_column = position_of(plan, "DROP COLUMN \"b\"");
  int create_v = position_of(plan, "CREATE VIEW \"public\".\"v\"");
  int create_w = position_of(plan, "CREATE VIEW \"public\".\"w\"");
  ASSERT_GE(drop_w, 0);
  EXPECT_LT(drop_w, drop_v);
  EXPECT_LT(drop_v, drop_column);
  EXPECT_LT(drop_column, create_v);
  EXPECT_LT(create_v, create_w);
}

TEST(Plan, ForeignKeyIsDroppedBeforeTheTableItReferences) {
  Plan plan =
      plan_between("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int REFERENCES p);",
                   "CREATE TABLE c (p int);");
  int drop_key = position_of(plan, "DROP CONSTRAINT \"c_p_fkey\"");
  int drop_table = position_of(plan, "DROP TABLE \"public\".\"p\"");
  ASSERT_GE(drop_key, 0);
  EXPECT_LT(drop_key, drop_table);
}

TEST(Plan, TypesAndSequencesBeforeTablesDropsLast) {
  Plan plan = plan_between("CREATE TYPE old AS ENUM ('x'); CREATE TABLE o (x old);",
                           "CREATE SCHEMA s; CREATE TYPE s.e AS ENUM ('a'); CREATE SEQUENCE s.q;"
                           "CREATE TABLE s.t (e s.e, n bigint DEFAULT nextval('s.q'));");
  int schema = position_of(plan, "CREATE SCHEMA");
  int type = position_of(plan, "CREATE TYPE");
  int sequence = position_of(plan, "CREATE SEQUENCE");
  int table = position_of(plan, "CREATE TABLE");
  int drop_table = position_of(plan, "DROP TABLE");
  int drop_type = position_of(plan, "DROP TYPE");
  EXPECT_LT(schema, type);
  EXPECT_LT(type, table);
  EXPECT_LT(sequence, table);
  EXPECT_LT(table, drop_table);
  EXPECT_LT(drop_table, drop_type);
}

TEST(Plan, HazardFlags) {
  Plan plan = plan_between(
      "CREATE TYPE e AS ENUM ('a'); CREATE TABLE t (a int, b bigint, c text, d varchar(100), "
      "e text, f int);",
      "CREATE TYPE e AS ENUM ('a', 'b'); CREATE TABLE t (b integer, c integer, d varchar(200), "
      "e varchar(10), f int NOT NULL, g int NOT NULL); CREATE INDEX CONCURRENTLY i ON t (b);");
  auto hazards_of = [&](const std::string& needle) {
    int i = position_of(plan, needle);
    EXPECT_GE(i, 0) << needle;
    return i < 0 ? 0u : plan.statements[i].hazards;
  };
  EXPECT_TRUE(hazards_of("DROP COLUMN \"a\"") & kDataLoss);
  EXPECT_TRUE(hazards_of("\"b\" SET DATA TYPE integer") & kDataLoss);  // narrowing
  unsigned text_to_int = hazards_of("\"c\" SET DATA TYPE integer USING \"c\"::integer");
  EXPECT_TRUE(text_to_int & kDataLoss);
  EXPECT_TRUE(text_to_int & kMayFailOnData);
  unsigned widening = hazards_of("\"d\" SET DATA TYPE character varying(200)");
  EXPECT_FALSE(widening & kDataLoss);
  EXPECT_FALSE(widening & kTableRewrite);
  EXPECT_TRUE(hazards_of("\"e\" SET DATA TYPE character varying(10)") & kDataLoss);
  EXPECT_TRUE(hazards_of("SET NOT NULL") & kMayFailOnData);
  EXPECT_TRUE(hazards_of("ADD COLUMN \"g\"") & kMayFailOnData);
  EXPECT_TRUE(hazards_of("CONCURRENTLY") & kNoTransaction);
  int add_value = position_of(plan, "ADD VALUE 'b'");
  ASSERT_GE(add_value, 0);
  EXPECT_TRUE(plan.statements[add_value].hazards & kNoTransaction);
  EXPECT_NE(plan.statements[add_value].explanation.find("transaction"), std::string::npos);
  EXPECT_EQ(plan.with_hazard(kNoTransaction).size(), 2u);
}

TEST(Plan, EnumValueRemovalSwapsTheType) {
  Plan plan = plan_between("CREATE TYPE e AS ENUM ('a', 'b'); CREATE TABLE t (x e DEFAULT 'a');",
                           "CREATE TYPE e AS ENUM ('a'); CREATE TABLE t (x e DEFAULT 'a');");
  std::vector<std::string> expected = {
      "ALTER TYPE \"public\".\"e\" RENAME TO \"e_old\";",
      "CREATE TYPE \"public\".\"e\" AS ENUM ('a');",
      "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"x\" DROP DEFAULT;",
      "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"x\" SET DATA TYPE \"public\".\"e\" USING "
      "\"x\"::text::\"public\".\"e\";",
      "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"x\" SET DEFAULT 'a';",
      "DROP TYPE \"public\".\"e_old\";"};
  EXPECT_EQ(sql_of(plan), expected);
  EXPECT_TRUE(plan.statements.back().hazards & kDataLoss);
}

TEST(Plan, NothingToDoIsAnEmptyPlan) {
  EXPECT_TRUE(plan_between("CREATE TABLE t (a int);", "CREATE TABLE t (a int);").empty());
}

}  // namespace
}  // namespace sleet::testing

namespace sleet {
namespace {

// One display form and one JSON form per statement: schema- and role-level objects show
// their one name ("auth", not "auth."), renames show the old name.
TEST(PlanForms, DescribeAndJsonNameTheObjectOnce) {
  Schema from = parse_schema_sql("CREATE TABLE users (id int CONSTRAINT users_pkey PRIMARY KEY);",
                                 "a.sql");
  Schema to = parse_schema_sql(
      "CREATE SCHEMA auth; CREATE ROLE app_user;"
      "CREATE TABLE users (id int CONSTRAINT users_key PRIMARY KEY, email text);",
      "b.sql");
  NoRenames none;
  Plan plan = plan_changes(diff_schemas(from, to, none), from, to);
  std::map<std::string, nlohmann::ordered_json> by_summary;
  for (const auto& statement : plan.statements) by_summary[describe(statement)] = to_json(statement);
  ASSERT_TRUE(by_summary.contains("create schema auth")) << nlohmann::json(by_summary).dump(1);
  EXPECT_EQ(by_summary["create schema auth"]["object"], "auth");
  EXPECT_FALSE(by_summary["create schema auth"].contains("member"));
  ASSERT_TRUE(by_summary.contains("create role app_user")) << nlohmann::json(by_summary).dump(1);
  EXPECT_EQ(by_summary["create role app_user"]["object"], "app_user");
  ASSERT_TRUE(by_summary.contains("add column public.users email"))
      << nlohmann::json(by_summary).dump(1);
  const auto& column = by_summary["add column public.users email"];
  EXPECT_EQ(column["sql"], "ALTER TABLE \"public\".\"users\" ADD COLUMN \"email\" text;");
  EXPECT_EQ(column["kind"], "add column");
  EXPECT_EQ(column["object"], "public.users");
  EXPECT_EQ(column["member"], "email");
  EXPECT_EQ(column["summary"], "add column public.users email");
  EXPECT_EQ(column["hazards"], nlohmann::json::array());
  EXPECT_TRUE(column.contains("explanation"));
  const char* renamed = "rename constraint public.users users_pkey › users_key";
  ASSERT_TRUE(by_summary.contains(renamed)) << nlohmann::json(by_summary).dump(1);
  EXPECT_EQ(by_summary[renamed]["renamed_from"], "users_pkey");
  EXPECT_EQ(by_summary[renamed]["member"], "users_key");

  EXPECT_EQ(to_json(plan).size(), plan.statements.size());
  EXPECT_EQ(hazard_names(kDataLoss | kExclusiveLock),
            (std::vector<std::string>{"data loss", "exclusive lock"}));
}

// Row counts (for push) are asked for statements on tables that hold rows, never on a table
// the same plan creates.
TEST(PlanRowCounts, OnlyForTablesThatExistBefore) {
  Schema from = parse_schema_sql("CREATE TABLE old (id int, code text);", "a.sql");
  Schema to = parse_schema_sql(
      "CREATE TABLE old (id int, code text); CREATE UNIQUE INDEX old_code ON old (code);"
      "CREATE TABLE fresh (id int, code text); CREATE UNIQUE INDEX fresh_code ON fresh (code);",
      "b.sql");
  NoRenames none;
  Plan plan = plan_changes(diff_schemas(from, to, none), from, to);
  int counted = 0;
  for (const auto& statement : plan.statements) {
    if (statement.kind != ChangeKind::CreateIndex) continue;
    if (statement.object.name == "old") {
      EXPECT_NE(statement.rows_query.find("HAVING count(*) > 1"), std::string::npos);
      ++counted;
    } else {
      EXPECT_EQ(statement.rows_query, "") << statement.sql;
    }
  }
  EXPECT_EQ(counted, 1);
}

}  // namespace
}  // namespace sleet

namespace sleet {
namespace {

using testing::plan_between;
using testing::sql_of;

// A renamed table keeps its constraints and indexes: their default names follow it by
// RENAME, nothing is dropped and rebuilt, and the foreign key that references it stays.
TEST(PlanMemberRenames, DefaultNamesFollowARenamedTable) {
  Plan plan = plan_between(
      "CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE, age int CHECK (age > 0));"
      "CREATE INDEX users_age_idx ON users (age);"
      "CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));",
      "CREATE TABLE accounts (id bigint PRIMARY KEY, email text UNIQUE, age int CHECK (age > 0));"
      "CREATE INDEX accounts_age_idx ON accounts (age);"
      "CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES accounts (id));",
      {{"public.accounts", "public.users"}});
  EXPECT_EQ(sql_of(plan),
            (std::vector<std::string>{
                R"(ALTER TABLE "public"."users" RENAME TO "accounts";)",
                R"(ALTER TABLE "public"."accounts" RENAME CONSTRAINT "users_pkey" TO "accounts_pkey";)",
                R"(ALTER TABLE "public"."accounts" RENAME CONSTRAINT "users_email_key" TO "accounts_email_key";)",
                R"(ALTER TABLE "public"."accounts" RENAME CONSTRAINT "users_age_check" TO "accounts_age_check";)",
                R"(ALTER INDEX "public"."users_age_idx" RENAME TO "accounts_age_idx";)",
            }));
  for (const auto& statement : plan.statements) EXPECT_EQ(statement.hazards, kNoHazard);
  // What each was called before, for messages.
  ASSERT_EQ(plan.statements.size(), 5u);
  EXPECT_EQ(plan.statements[0].renamed_from, "public.users");
  EXPECT_EQ(plan.statements[1].renamed_from, "users_pkey");
  EXPECT_EQ(plan.statements[1].member, "accounts_pkey");
  EXPECT_EQ(plan.statements[4].renamed_from, "users_age_idx");
}

TEST(PlanMemberRenames, DefaultNamesFollowARenamedColumn) {
  Plan plan = plan_between(
      "CREATE TABLE t (id int PRIMARY KEY, email text UNIQUE, r int REFERENCES t (id));"
      "CREATE INDEX t_email_idx ON t (lower(email)) WHERE email IS NOT NULL;",
      "CREATE TABLE t (id int PRIMARY KEY, mail text UNIQUE, r int REFERENCES t (id));"
      "CREATE INDEX t_mail_idx ON t (lower(mail)) WHERE mail IS NOT NULL;",
      {{"mail", "email"}});
  EXPECT_EQ(sql_of(plan),
            (std::vector<std::string>{
                R"(ALTER TABLE "public"."t" RENAME COLUMN "email" TO "mail";)",
                R"(ALTER TABLE "public"."t" RENAME CONSTRAINT "t_email_key" TO "t_mail_key";)",
                R"(ALTER INDEX "public"."t_email_idx" RENAME TO "t_mail_idx";)",
            }));
}

// Only a name changes: anything else about the member, a column it reads that changes, or a
// new name another relation of the schema holds, and it is dropped and created as before.
TEST(PlanMemberRenames, OnlyWhenNothingButTheNameChanges) {
  Plan changed = plan_between(
      "CREATE TABLE t (id int, a int); CREATE INDEX t_a ON t (a);",
      "CREATE TABLE t (id int, a int); CREATE INDEX t_a2 ON t (a DESC);");
  EXPECT_NE(testing::position_of(changed, R"(DROP INDEX "public"."t_a")"), -1);
  EXPECT_EQ(testing::position_of(changed, "RENAME"), -1);

  Plan retyped = plan_between(
      "CREATE TABLE t (id int, a int); CREATE INDEX t_a ON t (a);",
      "CREATE TABLE t (id int, a bigint); CREATE INDEX t_a2 ON t (a);");
  EXPECT_EQ(testing::position_of(retyped, "RENAME"), -1);

  // u_code is a relation of the schema until u is dropped: t's index cannot take the name.
  Plan taken = plan_between(
      "CREATE TABLE t (id int, code text); CREATE INDEX t_code ON t (code);"
      "CREATE TABLE u (code text); CREATE INDEX u_code ON u (code);",
      "CREATE TABLE t (id int, code text); CREATE INDEX u_code ON t (code);");
  EXPECT_EQ(testing::position_of(taken, "RENAME"), -1);
  EXPECT_NE(testing::position_of(taken, R"(DROP INDEX "public"."t_code")"), -1);

  // Two identical indexes renamed at once pair up in name order.
  Plan two = plan_between(
      "CREATE TABLE t (a int); CREATE INDEX t_x ON t (a); CREATE INDEX t_y ON t (a);",
      "CREATE TABLE t (a int); CREATE INDEX t_p ON t (a); CREATE INDEX t_q ON t (a);");
  EXPECT_EQ(sql_of(two), (std::vector<std::string>{
                             R"(ALTER INDEX "public"."t_x" RENAME TO "t_p";)",
                             R"(ALTER INDEX "public"."t_y" RENAME TO "t_q";)",
                         }));
}

// Dropped tables stay near the end unless a name they hold is reused.
TEST(PlanMemberRenames, DroppedTablesGoFirstOnlyWhenTheirNamesAreReused) {
  Plan late = plan_between("CREATE TABLE t (id int); CREATE TABLE u (id int);",
                           "CREATE TABLE t (id int); CREATE INDEX t_id ON t (id);");
  EXPECT_GT(testing::position_of(late, R"(DROP TABLE "public"."u")"),
            testing::position_of(late, R"(CREATE INDEX "t_id")"));
  Plan early = plan_between("CREATE TABLE t (id int); CREATE TABLE u (id int);",
                            "CREATE TABLE t (id int); CREATE INDEX u ON t (id);");
  EXPECT_LT(testing::position_of(early, R"(DROP TABLE "public"."u")"),
            testing::position_of(early, R"(CREATE INDEX "u")"));
  // A sequence the dropped table owns survives: it is released before the table goes, and
  // owned by its new column once that exists.
  Plan owned = plan_between(
      "CREATE TABLE u (id int); CREATE SEQUENCE s OWNED BY u.id; CREATE TABLE t (id int);",
      "CREATE SEQUENCE s OWNED BY t.id; CREATE TABLE t (id int); CREATE INDEX u ON t (id);");
  EXPECT_LT(testing::position_of(owned, "OWNED BY NONE"),
            testing::position_of(owned, R"(DROP TABLE "public"."u")"));
  EXPECT_LT(testing::position_of(owned, R"(DROP TABLE "public"."u")"),
            testing::position_of(owned, R"(OWNED BY "public"."t"."id")"));
}

}  // namespace
}  // namespace sleet
