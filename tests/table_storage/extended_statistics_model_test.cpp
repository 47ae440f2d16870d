// Extended statistics without a server: what the schema-file parser keeps and refuses, and what
// diff and plan make of two schema texts (the order of their statements around columns).
#include <gtest/gtest.h>

#include <algorithm>

#include "sleet/snapshot.h"
#include "support/schema_model.h"

namespace sleet::testing {
namespace {

constexpr const char* kTable = R"sql(
CREATE SCHEMA planner;
CREATE TABLE trips (id integer PRIMARY KEY, origin text, destination text, km integer);
)sql";

std::size_t position(const std::vector<std::string>& statements, const std::string& start) {
  auto it = std::find_if(statements.begin(), statements.end(),
                         [&](const std::string& s) { return s.starts_with(start); });
  return it == statements.end() ? std::string::npos
                                : static_cast<std::size_t>(it - statements.begin());
}

std::string with(const std::string& more) {
  return std::string(kTable) + more;
}

TEST(ExtendedStatisticsModel, ParsedAsTheServerKeepsThem) {
  Schema schema = parse_schema_sql(with(R"sql(
CREATE STATISTICS planner.trip_route (dependencies, ndistinct) ON destination, origin FROM trips;
ALTER STATISTICS planner.trip_route SET STATISTICS 300;
COMMENT ON STATISTICS planner.trip_route IS 'routes';
CREATE STATISTICS trip_all (ndistinct, dependencies, mcv) ON km, (origin) FROM trips;
CREATE STATISTICS trip_long ON (km > 100) FROM trips;
)sql"),
                                   "schema.sql");
  const Table& trips = schema.tables.at({"public", "trips"});
  ASSERT_EQ(trips.statistics.size(), 3u);
  // Named in its own schema; kinds in the server's order; columns in the table's order.
  const Statistics& route = trips.statistics.at({"planner", "trip_route"});
  EXPECT_EQ(route.kinds, (std::vector<std::string>{"ndistinct", "dependencies"}));
  EXPECT_EQ(route.columns, (std::vector<std::string>{"origin", "destination"}));
  EXPECT_EQ(route.target, 300);
  EXPECT_EQ(route.comment, "routes");
  // All three kinds are none named; (origin) is the column.
  const Statistics& all = trips.statistics.at({"public", "trip_all"});
  EXPECT_TRUE(all.kinds.empty());
  EXPECT_EQ(all.columns, (std::vector<std::string>{"origin", "km"}));
  EXPECT_TRUE(all.expressions.empty());
  const Statistics& long_trips = trips.statistics.at({"public", "trip_long"});
  ASSERT_EQ(long_trips.expressions.size(), 1u);
  EXPECT_EQ(long_trips.expressions[0].canonical, "km > 100");
  EXPECT_EQ(long_trips.target, -1);
  // The snapshot keeps them whole.
  EXPECT_EQ(load_snapshot(save_snapshot(schema, SnapshotHeader{}), "snapshot.json"), schema);
}

TEST(ExtendedStatisticsModel, ParserRefusesWhatTheServerRefusesWithItsPlace) {
  EXPECT_EQ(failure(with("CREATE STATISTICS s ON origin, km FROM missing;")),
            "schema.sql:4:40: table public.missing does not exist");
  EXPECT_EQ(failure(with("CREATE STATISTICS s ON origin FROM trips;")),
            "schema.sql:4:1: statistics public.s names one column: extended statistics need at "
            "least two columns, or an expression");
  EXPECT_EQ(failure(with("COMMENT ON STATISTICS nothing IS 'x';")),
            "schema.sql:4:1: statistics public.nothing does not exist");
  EXPECT_EQ(failure(with("CREATE STATISTICS s ON origin, origin FROM trips;")),
            "schema.sql:4:1: statistics public.s names column origin twice");
}

TEST(ExtendedStatisticsModel, ATargetAloneIsAlteredAnythingElseMadeAgain) {
  std::string a = with(R"sql(
CREATE STATISTICS trip_route (dependencies) ON origin, destination FROM trips;
CREATE STATISTICS trip_km ON origin, km FROM trips;
)sql");
  std::string b = with(R"sql(
CREATE STATISTICS trip_route (dependencies) ON origin, destination FROM trips;
ALTER STATISTICS trip_route SET STATISTICS 50;
CREATE STATISTICS trip_km (mcv) ON origin, km FROM trips;
)sql");
  std::vector<std::string> plan = plan_sql(a, b);
  EXPECT_NE(position(plan, "ALTER STATISTICS \"public\".\"trip_route\" SET STATISTICS 50;"),
            std::string::npos)
      << ::testing::PrintToString(plan);
  EXPECT_EQ(position(plan, "DROP STATISTICS \"public\".\"trip_route\""), std::string::npos);
  std::size_t dropped = position(plan, "DROP STATISTICS \"public\".\"trip_km\";");
  std::size_t created =
      position(plan, "CREATE STATISTICS \"public\".\"trip_km\" (mcv) ON \"origin\", \"km\"");
  ASSERT_NE(dropped, std::string::npos) << ::testing::PrintToString(plan);
  ASSERT_NE(created, std::string::npos) << ::testing::PrintToString(plan);
  EXPECT_LT(dropped, created);
  EXPECT_TRUE(changes(b, b).empty());
}

TEST(ExtendedStatisticsModel, DroppedBeforeTheirColumnIsDroppedOrRetypedAndMadeAgainAfter) {
  std::string a = with(R"sql(
CREATE STATISTICS trip_km ON origin, km FROM trips;
CREATE STATISTICS trip_route ON origin, destination FROM trips;
)sql");
  // km retyped, destination dropped.
  std::string b = R"sql(
CREATE SCHEMA planner;
CREATE TABLE trips (id integer PRIMARY KEY, origin text, km bigint);
CREATE STATISTICS trip_km ON origin, km FROM trips;
)sql";
  std::vector<std::string> plan = plan_sql(a, b);
  std::size_t drop_km = position(plan, "DROP STATISTICS \"public\".\"trip_km\"");
  std::size_t drop_route = position(plan, "DROP STATISTICS \"public\".\"trip_route\"");
  std::size_t retype = position(plan, "ALTER TABLE \"public\".\"trips\" ALTER COLUMN \"km\"");
  std::size_t drop_column = position(plan, "ALTER TABLE \"public\".\"trips\" DROP COLUMN");
  std::size_t create_km = position(plan, "CREATE STATISTICS \"public\".\"trip_km\"");
  ASSERT_NE(drop_km, std::string::npos) << ::testing::PrintToString(plan);
  ASSERT_NE(drop_route, std::string::npos) << ::testing::PrintToString(plan);
  ASSERT_NE(retype, std::string::npos) << ::testing::PrintToString(plan);
  ASSERT_NE(drop_column, std::string::npos) << ::testing::PrintToString(plan);
  ASSERT_NE(create_km, std::string::npos) << ::testing::PrintToString(plan);
  EXPECT_LT(drop_km, retype);
  EXPECT_LT(drop_route, drop_column);
  EXPECT_LT(retype, create_km);
  EXPECT_EQ(position(plan, "CREATE STATISTICS \"public\".\"trip_route\""), std::string::npos);
}

}  // namespace
}  // namespace sleet::testing
