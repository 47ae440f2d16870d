// Plans for UNLOGGED, storage parameters and EXCLUDE constraints: what is altered in place,
// what is dropped and added again, and the hazards said.
#include <gtest/gtest.h>

#include "plan_test_support.h"
#include "sleet/ddl.h"

namespace sleet::testing {
namespace {

const char* kBookings = R"(
  CREATE TABLE bookings (room int NOT NULL, during tsrange NOT NULL, cancelled boolean NOT NULL);
)";

TEST(PlanTableStorage, NewTablesCarryUnloggedStorageAndExclusions) {
  Plan plan = plan_between("", R"(
    CREATE UNLOGGED TABLE t (room int, during tsrange,
      EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (room > 0))
      WITH (fillfactor=70);)");
  ASSERT_EQ(plan.statements.size(), 1u);
  EXPECT_EQ(plan.statements[0].sql,
            "CREATE UNLOGGED TABLE \"public\".\"t\" (\n\t\"room\" integer,\n\t\"during\" tsrange,"
            "\n\tCONSTRAINT \"t_room_during_excl\" EXCLUDE USING gist (\"room\" WITH =, "
            "\"during\" WITH &&) WHERE (room > 0)\n) WITH (fillfactor=70);");
}

TEST(PlanTableStorage, PersistenceIsAlteredInPlaceAndSaysItRewrites) {
  Plan plan = plan_between("CREATE TABLE t (a int);", "CREATE UNLOGGED TABLE t (a int);");
  ASSERT_EQ(sql_of(plan), std::vector<std::string>{"ALTER TABLE \"public\".\"t\" SET UNLOGGED;"});
  EXPECT_TRUE(plan.statements[0].hazards & kTableRewrite);
  EXPECT_FALSE(plan.statements[0].hazards & kDataLoss);
  Plan back = plan_between("CREATE UNLOGGED TABLE t (a int);", "CREATE TABLE t (a int);");
  EXPECT_EQ(sql_of(back), std::vector<std::string>{"ALTER TABLE \"public\".\"t\" SET LOGGED;"});
}

TEST(PlanTableStorage, ParametersAreSetAndResetOneByOne) {
  Plan plan = plan_between(
      "CREATE TABLE t (a int) WITH (fillfactor=70, autovacuum_enabled=false);",
      "CREATE TABLE t (a int) WITH (fillfactor=50, autovacuum_vacuum_scale_factor=0.05);");
  EXPECT_EQ(sql_of(plan),
            (std::vector<std::string>{
                "ALTER TABLE \"public\".\"t\" RESET (autovacuum_enabled);",
                "ALTER TABLE \"public\".\"t\" SET (autovacuum_vacuum_scale_factor=0.05, "
                "fillfactor=50);"}));
  EXPECT_TRUE(plan_between("CREATE TABLE t (a int) WITH (fillfactor=70);",
                           "CREATE TABLE t (a int) WITH (fillfactor=70);")
                  .statements.empty());
}

TEST(PlanExclusions, AddedDroppedAndChanged) {
  std::string with = std::string(kBookings) +
                     "ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist "
                     "(room WITH =, during WITH &&) WHERE (NOT cancelled);";
  Plan added = plan_between(kBookings, with);
  ASSERT_EQ(added.statements.size(), 1u);
  EXPECT_EQ(added.statements[0].sql,
            "ALTER TABLE \"public\".\"bookings\" ADD CONSTRAINT \"no_overlap\" EXCLUDE USING gist "
            "(\"room\" WITH =, \"during\" WITH &&) WHERE (NOT cancelled);");
  EXPECT_TRUE(added.statements[0].hazards & kMayFailOnData);
  Plan dropped = plan_between(with, kBookings);
  EXPECT_EQ(sql_of(dropped),
            std::vector<std::string>{"ALTER TABLE \"public\".\"bookings\" DROP CONSTRAINT "
                                     "\"no_overlap\";"});
  std::string changed = std::string(kBookings) +
                        "ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist "
                        "(room WITH =, during WITH &&) DEFERRABLE;";
  Plan recreated = plan_between(with, changed);
  ASSERT_EQ(recreated.statements.size(), 2u);
  EXPECT_NE(recreated.statements[0].sql.find("DROP CONSTRAINT \"no_overlap\""), std::string::npos);
  EXPECT_NE(recreated.statements[1].sql.find("ADD CONSTRAINT \"no_overlap\""), std::string::npos);
  EXPECT_TRUE(recreated.statements[1].sql.ends_with(" DEFERRABLE;"));
  EXPECT_TRUE(plan_between(with, with).statements.empty());
}

TEST(PlanExclusions, SchemaQualifiedOperatorsUseOperatorSyntax) {
  ExclusionConstraint exclusion;
  exclusion.name = "x";
  exclusion.elements.push_back(IndexElement{"a"});
  exclusion.operators = {"ops.==="};
  EXPECT_EQ(ddl::exclusion_clause(exclusion),
            "CONSTRAINT \"x\" EXCLUDE USING gist (\"a\" WITH OPERATOR(ops.===))");
}

}  // namespace
}  // namespace sleet::testing
