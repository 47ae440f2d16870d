// push keeps what the server keeps: a constraint added NOT VALID stays unvalidated (its old
// rows unchecked), one validated since is validated in place, and an explicit DEFAULT NULL is
// stored exactly when psql loading the same file stores it.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "support/postgres_clients.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

// conname=convalidated for the constraints of `table`, in name order.
std::string validity(const std::string& database, const std::string& table) {
  db::Result result = test_cluster().execute(
      fmt::format("select string_agg(conname || '=' || convalidated, ' ' order by conname) "
                  "from pg_constraint where conrelid = '{}'::regclass and contype in ('c', 'f')",
                  table),
      database);
  return std::string(result.value(0, 0));
}

constexpr const char* kTables = R"sql(
CREATE TABLE customers (id integer PRIMARY KEY);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL, quantity integer);
)sql";

constexpr const char* kNotValid = R"sql(
ALTER TABLE orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id)
  REFERENCES customers (id) NOT VALID;
)sql";

// Rows that break both constraints: adding them validated would fail.
constexpr const char* kBadRows =
    "INSERT INTO customers VALUES (1); INSERT INTO orders VALUES (10, 1, 2), (11, 99, 0);";

TEST(PushValidity, NotValidConstraintsAreAddedWithoutCheckingOldRows) {
  std::string database = test_cluster().fresh_database("validity_push");
  test_cluster().execute(std::string(kTables) + kBadRows, database);
  TemporaryDirectory project;
  project.write("schema.sql", std::string(kTables) + kNotValid);
  auto result = run_sleet(
      fmt::format("push --url '{}' --schema schema.sql --force", test_cluster().url(database)),
      project.path());
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(validity(database, "orders"),
            "orders_customer_fk=false orders_quantity_positive=false");

  result = run_sleet(
      fmt::format("push --url '{}' --schema schema.sql --dry-run", test_cluster().url(database)),
      project.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("No changes"), std::string::npos) << result.out << result.err;
}

TEST(PushValidity, AnEmptyDatabaseGetsTheConstraintsNotValid) {
  std::string database = test_cluster().fresh_database("validity_empty");
  TemporaryDirectory project;
  project.write("schema.sql", std::string(kTables) + kNotValid);
  auto result = run_sleet(
      fmt::format("push --url '{}' --schema schema.sql --force", test_cluster().url(database)),
      project.path());
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(validity(database, "orders"),
            "orders_customer_fk=false orders_quantity_positive=false");
}

// A database whose constraints are NOT VALID differs from files that declare them valid:
// push shows the drift and validates them in place (no drop, no re-add).
TEST(PushValidity, ValidatesWhatTheFilesDeclareValid) {
  std::string database = test_cluster().fresh_database("validity_validate");
  test_cluster().execute(
      std::string(kTables) + kNotValid +
          "INSERT INTO customers VALUES (1); INSERT INTO orders VALUES (10, 1, 2);",
      database);
  TemporaryDirectory project;
  project.write("schema.sql", std::string(kTables) + R"sql(
ALTER TABLE orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0);
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id)
  REFERENCES customers (id);
)sql");
  auto result = run_sleet(
      fmt::format("push --url '{}' --schema schema.sql --dry-run", test_cluster().url(database)),
      project.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("VALIDATE CONSTRAINT \"orders_quantity_positive\""), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("VALIDATE CONSTRAINT \"orders_customer_fk\""), std::string::npos)
      << result.out;
  EXPECT_EQ(result.out.find("DROP CONSTRAINT"), std::string::npos) << result.out;

  result = run_sleet(
      fmt::format("push --url '{}' --schema schema.sql --force", test_cluster().url(database)),
      project.path());
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(validity(database, "orders"), "orders_customer_fk=true orders_quantity_positive=true");
}

// DEFAULT NULL on columns where the server keeps it (a length, a precision, a domain, a cast
// from another type) and where it keeps nothing.
constexpr const char* kNullDefaults = R"sql(
CREATE DOMAIN score AS integer DEFAULT 5;
CREATE TABLE contacts (
  id integer PRIMARY KEY,
  email varchar(255) DEFAULT NULL,
  balance numeric(10,2) DEFAULT NULL,
  country char(2) DEFAULT NULL,
  flags bit(3) DEFAULT NULL,
  tags varchar(20)[] DEFAULT NULL,
  rating score DEFAULT NULL,
  nickname varchar DEFAULT NULL::text,
  legacy varchar(10) DEFAULT NULL::character varying,
  notes text DEFAULT NULL,
  age integer DEFAULT NULL,
  wait interval(3) DEFAULT NULL
);
ALTER TABLE contacts ADD COLUMN phone varchar(30);
ALTER TABLE contacts ALTER COLUMN phone SET DEFAULT NULL;
)sql";

// pg_dump --schema-only without the lines that differ between any two dumps.
std::string schema_dump(const std::string& database) {
  auto [code, out] = shell(client("pg_dump", database) + " --schema-only --no-owner");
  EXPECT_EQ(code, 0) << out;
  std::istringstream lines(out);
  std::string kept, line;
  while (std::getline(lines, line)) {
    if (line.starts_with("\\restrict") || line.starts_with("\\unrestrict")) continue;
    kept += line + "\n";
  }
  return kept;
}

TEST(PushNullDefaults, PushFromEmptyBuildsWhatPsqlBuilds) {
  std::string loaded = test_cluster().fresh_database("null_defaults_psql");
  test_cluster().execute(kNullDefaults, loaded);
  std::string pushed = test_cluster().fresh_database("null_defaults_push");
  TemporaryDirectory project;
  project.write("schema.sql", kNullDefaults);
  auto result = run_sleet(
      fmt::format("push --url '{}' --schema schema.sql --force", test_cluster().url(pushed)),
      project.path());
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  std::string expected = schema_dump(loaded);
  ASSERT_NE(expected.find("DEFAULT NULL::character varying"), std::string::npos) << expected;
  EXPECT_EQ(schema_dump(pushed), expected);

  // And a push onto the psql-loaded database has nothing to do.
  result = run_sleet(
      fmt::format("push --url '{}' --schema schema.sql --dry-run", test_cluster().url(loaded)),
      project.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("No changes"), std::string::npos) << result.out << result.err;
}

// pull writes what push reads back: the constraints NOT VALID after their table, the
// defaults the server keeps; push from the pulled files then has nothing to do.
TEST(PullValidity, PulledFilesKeepNotValidConstraintsAndStoredNullDefaults) {
  std::string database = test_cluster().fresh_database("validity_pull");
  test_cluster().execute(std::string(kTables) + kBadRows + kNotValid + kNullDefaults, database);
  TemporaryDirectory project;
  project.write("sleet.toml", fmt::format("schema = \"schema\"\nurl = \"{}\"\n"
                                          "schema_filter = [\"public\"]\n",
                                          test_cluster().url(database)));
  auto result = run_sleet("pull", project.path());
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  std::string pulled = read_file(project.path() / "schema" / "public.sql");
  EXPECT_NE(pulled.find("\"orders_quantity_positive\" CHECK (quantity > 0) NOT VALID"),
            std::string::npos)
      << pulled;
  // After the table: CREATE TABLE would validate it.
  EXPECT_LT(pulled.find("CREATE TABLE \"public\".\"orders\""),
            pulled.find("\"orders_quantity_positive\" CHECK"))
      << pulled;
  EXPECT_NE(pulled.find("ON DELETE no action ON UPDATE no action NOT VALID"), std::string::npos)
      << pulled;
  EXPECT_NE(pulled.find("DEFAULT NULL::character varying"), std::string::npos) << pulled;

  result = run_sleet("push --dry-run", project.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("No changes"), std::string::npos) << result.out << result.err;
}

}  // namespace
}  // namespace sleet::testing
