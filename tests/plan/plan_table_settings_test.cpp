// Plans for the settings pg_dump writes after a table: a column's statistics target, storage,
// compression and options, REPLICA IDENTITY and CLUSTER ON; where they go and when they are set
// again.
#include <gtest/gtest.h>

#include "plan_test_support.h"

namespace sleet::testing {
namespace {

TEST(PlanTableSettings, ANewTableIsFollowedByItsSettingsAfterItsIndexes) {
  Plan plan = plan_between("", R"(
    CREATE TABLE t (id int PRIMARY KEY, body text COMPRESSION pglz, n numeric);
    CREATE INDEX t_n ON t (n);
    ALTER TABLE t ALTER COLUMN n SET STATISTICS 400, ALTER COLUMN body SET STORAGE EXTERNAL;
    ALTER TABLE t ALTER COLUMN n SET (n_distinct = 12);
    ALTER TABLE t REPLICA IDENTITY USING INDEX t_pkey;
    ALTER TABLE t CLUSTER ON t_n;)");
  std::vector<std::string> sql = sql_of(plan);
  ASSERT_EQ(sql.size(), 8u) << ::testing::PrintToString(sql);
  EXPECT_EQ(sql[1],
            "ALTER TABLE ONLY \"public\".\"t\" ALTER COLUMN \"body\" SET STORAGE EXTERNAL;");
  EXPECT_EQ(sql[2],
            "ALTER TABLE ONLY \"public\".\"t\" ALTER COLUMN \"body\" SET COMPRESSION pglz;");
  EXPECT_EQ(sql[3], "ALTER TABLE ONLY \"public\".\"t\" ALTER COLUMN \"n\" SET STATISTICS 400;");
  EXPECT_EQ(sql[4], "ALTER TABLE ONLY \"public\".\"t\" ALTER COLUMN \"n\" SET (n_distinct=12);");
  EXPECT_EQ(sql[5], "CREATE INDEX \"t_n\" ON \"public\".\"t\" USING btree (\"n\");");
  EXPECT_EQ(sql[6], "ALTER TABLE \"public\".\"t\" REPLICA IDENTITY USING INDEX \"t_pkey\";");
  EXPECT_EQ(sql[7], "ALTER TABLE \"public\".\"t\" CLUSTER ON \"t_n\";");
}

TEST(PlanTableSettings, SettingsAreAlteredInPlaceAndRemovedToTheirDefaults) {
  const char* with = R"(
    CREATE TABLE t (id int NOT NULL, body text, n numeric, c text COMPRESSION lz4);
    CREATE UNIQUE INDEX t_id ON t (id);
    ALTER TABLE t ALTER COLUMN n SET STATISTICS 400, ALTER COLUMN n SET STORAGE PLAIN;
    ALTER TABLE t ALTER COLUMN body SET (n_distinct = -1, n_distinct_inherited = 5);
    ALTER TABLE t REPLICA IDENTITY USING INDEX t_id;
    ALTER TABLE t CLUSTER ON t_id;)";
  const char* without = R"(
    CREATE TABLE t (id int NOT NULL, body text, n numeric, c text);
    CREATE UNIQUE INDEX t_id ON t (id);
    ALTER TABLE t ALTER COLUMN body SET (n_distinct_inherited = 6);)";
  EXPECT_EQ(sql_of(plan_between(with, without)),
            (std::vector<std::string>{
                "ALTER TABLE ONLY \"public\".\"t\" ALTER COLUMN \"body\" RESET (n_distinct);",
                "ALTER TABLE ONLY \"public\".\"t\" ALTER COLUMN \"body\" SET "
                "(n_distinct_inherited=6);",
                "ALTER TABLE ONLY \"public\".\"t\" ALTER COLUMN \"n\" SET STATISTICS -1;",
                "ALTER TABLE ONLY \"public\".\"t\" ALTER COLUMN \"n\" SET STORAGE MAIN;",
                "ALTER TABLE ONLY \"public\".\"t\" ALTER COLUMN \"c\" SET COMPRESSION DEFAULT;",
                "ALTER TABLE \"public\".\"t\" REPLICA IDENTITY DEFAULT;",
                "ALTER TABLE \"public\".\"t\" SET WITHOUT CLUSTER;"}));
  EXPECT_TRUE(plan_between(with, with).statements.empty());
}

// The index a setting names, dropped and created again (its definition changed), no longer
// carries the setting: it is set again after the new index exists.
TEST(PlanTableSettings, AnIndexCreatedAgainGetsItsSettingsBack) {
  Plan plan = plan_between(R"(
    CREATE TABLE t (a int NOT NULL, b int NOT NULL);
    CREATE UNIQUE INDEX t_key ON t (a);
    ALTER TABLE t REPLICA IDENTITY USING INDEX t_key;
    ALTER TABLE t CLUSTER ON t_key;)",
                           R"(
    CREATE TABLE t (a int NOT NULL, b int NOT NULL);
    CREATE UNIQUE INDEX t_key ON t (b);
    ALTER TABLE t REPLICA IDENTITY USING INDEX t_key;
    ALTER TABLE t CLUSTER ON t_key;)");
  int created = position_of(plan, "CREATE UNIQUE INDEX \"t_key\"");
  ASSERT_GE(created, 0);
  EXPECT_LT(position_of(plan, "DROP INDEX"), created);
  EXPECT_GT(position_of(plan, "REPLICA IDENTITY USING INDEX \"t_key\""), created);
  EXPECT_GT(position_of(plan, "CLUSTER ON \"t_key\""), created);
}

// A column's type change resets its storage mode and compression on the server: the plan sets
// those the target keeps again, after the type change; the statistics target survives it.
TEST(PlanTableSettings, ATypeChangeIsFollowedByTheStorageAndCompressionKept) {
  Plan plan = plan_between(R"(
    CREATE TABLE t (a text COMPRESSION lz4, b int);
    ALTER TABLE t ALTER COLUMN a SET STORAGE EXTERNAL, ALTER COLUMN b SET STATISTICS 50;)",
                           R"(
    CREATE TABLE t (a varchar(20) COMPRESSION lz4, b bigint);
    ALTER TABLE t ALTER COLUMN a SET STORAGE EXTERNAL, ALTER COLUMN b SET STATISTICS 50;)");
  int retyped = position_of(plan, "ALTER COLUMN \"a\" SET DATA TYPE");
  ASSERT_GE(retyped, 0) << ::testing::PrintToString(sql_of(plan));
  EXPECT_GT(position_of(plan, "ALTER COLUMN \"a\" SET STORAGE EXTERNAL"), retyped);
  EXPECT_GT(position_of(plan, "ALTER COLUMN \"a\" SET COMPRESSION lz4"), retyped);
  EXPECT_LT(position_of(plan, "SET STATISTICS"), 0);
}

}  // namespace
}  // namespace sleet::testing
