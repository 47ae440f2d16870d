// A materialized view's indexes through the commands: push creates them after the view (so a
// unique one lets REFRESH ... CONCURRENTLY run, also under a view that reads the materialized
// view), finds nothing to do afterwards, puts back one dropped by hand, and export prints them.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "support/postgres_clients.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE orders (id integer PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL);
CREATE MATERIALIZED VIEW customer_totals AS
  SELECT customer, sum(amount) AS total FROM orders GROUP BY customer;
CREATE UNIQUE INDEX customer_totals_customer ON customer_totals (customer);
CREATE INDEX ON customer_totals (total DESC);
CREATE VIEW big_customers AS SELECT customer, total FROM customer_totals WHERE total > 100;
)sql";

// indexname: indexdef of the indexes on `relation`, in name order.
std::string indexes_of(const std::string& database, const std::string& relation) {
  db::Result result = test_cluster().execute(
      fmt::format("select coalesce(string_agg(indexname || ': ' || indexdef, E'\\n' "
                  "order by indexname), '') from pg_indexes where tablename = '{}'",
                  relation),
      database);
  return std::string(result.value(0, 0));
}

CommandResult push(const std::string& database, const TemporaryDirectory& project,
                   const std::string& flags) {
  return run_sleet(
      fmt::format("push --url '{}' --schema schema.sql {}", test_cluster().url(database), flags),
      project.path());
}

TEST(PushMatviewIndexes, CreatedAfterTheViewSoRefreshConcurrentlyRuns) {
  std::string database = test_cluster().fresh_database("matview_indexes");
  TemporaryDirectory project;
  project.write("schema.sql", kSchema);
  auto result = push(database, project, "--force");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(indexes_of(database, "customer_totals"),
            "customer_totals_customer: CREATE UNIQUE INDEX customer_totals_customer ON "
            "public.customer_totals USING btree (customer)\n"
            "customer_totals_total_idx: CREATE INDEX customer_totals_total_idx ON "
            "public.customer_totals USING btree (total DESC)");
  // CONCURRENTLY needs the unique index; the view over the materialized view is no obstacle.
  test_cluster().execute(
      "INSERT INTO orders VALUES (1, 'ada', 150), (2, 'bob', 20);"
      "REFRESH MATERIALIZED VIEW customer_totals;"
      "INSERT INTO orders VALUES (3, 'bob', 90);"
      "REFRESH MATERIALIZED VIEW CONCURRENTLY customer_totals;",
      database);
  db::Result big = test_cluster().execute(
      "select string_agg(customer, ',' order by customer) from big_customers", database);
  EXPECT_EQ(std::string(big.value(0, 0)), "ada,bob");

  result = push(database, project, "--dry-run");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("No changes"), std::string::npos) << result.out << result.err;
}

TEST(PushMatviewIndexes, PutsBackAnIndexDroppedByHand) {
  std::string database = test_cluster().fresh_database("matview_index_drift");
  TemporaryDirectory project;
  project.write("schema.sql", kSchema);
  ASSERT_EQ(push(database, project, "--force").exit_code, 0);
  test_cluster().execute("DROP INDEX customer_totals_customer", database);
  auto result = push(database, project, "--dry-run");
  EXPECT_NE(result.out.find("CREATE UNIQUE INDEX \"customer_totals_customer\" ON "
                            "\"public\".\"customer_totals\""),
            std::string::npos)
      << result.out << result.err;
  EXPECT_EQ(result.out.find("DROP MATERIALIZED VIEW"), std::string::npos) << result.out;
  ASSERT_EQ(push(database, project, "--force").exit_code, 0);
  EXPECT_NE(indexes_of(database, "customer_totals").find("customer_totals_customer"),
            std::string::npos);
}

TEST(PushMatviewIndexes, ExportPrintsThemAfterTheView) {
  TemporaryDirectory project;
  project.write("schema.sql", kSchema);
  auto result = run_sleet("export --schema schema.sql", project.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  size_t view = result.out.find("CREATE MATERIALIZED VIEW \"public\".\"customer_totals\"");
  size_t index = result.out.find("CREATE UNIQUE INDEX \"customer_totals_customer\"");
  ASSERT_NE(view, std::string::npos) << result.out;
  ASSERT_NE(index, std::string::npos) << result.out;
  EXPECT_LT(view, index);
}

}  // namespace
}  // namespace sleet::testing
