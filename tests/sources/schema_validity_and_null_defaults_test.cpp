// The parser models a constraint's validity and a DEFAULT NULL as the server stores them
// (checked against a server in tests/push/push_validity_and_null_defaults_test.cpp).
#include <gtest/gtest.h>

#include "schema_test_support.h"

namespace sleet::testing {
namespace {

constexpr const char* kTables = R"sql(
CREATE TABLE customers (id integer PRIMARY KEY);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, quantity integer,
  CONSTRAINT orders_inline_check CHECK (quantity < 100) NOT VALID);
)sql";

TEST(SchemaValidity, NotValidOnlyInAlterTableAddConstraint) {
  Schema schema = parse(std::string(kTables) + R"sql(
ALTER TABLE orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id)
  REFERENCES customers (id) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_quantity_odd CHECK (quantity % 2 = 1);
)sql");
  const Table& orders = table_of(schema, "orders");
  EXPECT_FALSE(orders.check_constraints.at("orders_quantity_positive").valid);
  EXPECT_FALSE(orders.foreign_keys.at("orders_customer_fk").valid);
  EXPECT_TRUE(orders.check_constraints.at("orders_quantity_odd").valid);
  // The server ignores NOT VALID in CREATE TABLE: the new table's check is valid.
  EXPECT_TRUE(orders.check_constraints.at("orders_inline_check").valid);
}

TEST(SchemaValidity, ValidateConstraintMakesItValid) {
  Schema schema = parse(std::string(kTables) + R"sql(
ALTER TABLE orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_quantity_positive;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id)
  REFERENCES customers (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
)sql");
  const Table& orders = table_of(schema, "orders");
  EXPECT_TRUE(orders.check_constraints.at("orders_quantity_positive").valid);
  EXPECT_TRUE(orders.foreign_keys.at("orders_customer_fk").valid);
}

TEST(SchemaValidity, ValidatingAConstraintThatIsNotThereFails) {
  Error error = parse_error(std::string(kTables) + "ALTER TABLE orders VALIDATE CONSTRAINT nope;");
  EXPECT_NE(std::string(error.what()).find("has no check or foreign key named nope"),
            std::string::npos)
      << error.what();
}

// What the server stores (pg_get_expr) for each default, as psql showed it on PostgreSQL 15.
TEST(SchemaNullDefaults, KeptWhereTheServerKeepsThem) {
  Schema schema = parse(R"sql(
CREATE DOMAIN score AS integer;
CREATE TABLE contacts (
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
  wait interval(3) DEFAULT NULL,
  about text DEFAULT NULL::text,
  phone varchar(30)
);
ALTER TABLE contacts ALTER COLUMN phone SET DEFAULT NULL;
)sql");
  const Table& contacts = table_of(schema, "contacts");
  auto stored = [&](const std::string& column) -> std::string {
    const Column* found = contacts.find_column(column);
    return found->default_value ? found->default_value->text : "-";
  };
  // Spelled canonically (as a cast NULL in the file is), which the server stores the same.
  EXPECT_EQ(stored("email"), "NULL::varchar");
  EXPECT_EQ(stored("balance"), "NULL::numeric");
  EXPECT_EQ(stored("country"), "NULL::bpchar");
  EXPECT_EQ(stored("flags"), "NULL::\"bit\"");
  EXPECT_EQ(stored("tags"), "NULL::varchar[]");
  EXPECT_EQ(stored("rating"), "NULL::int");
  EXPECT_NE(stored("nickname"), "-");
  EXPECT_NE(stored("legacy"), "-");
  EXPECT_EQ(stored("notes"), "-");
  EXPECT_EQ(stored("age"), "-");
  EXPECT_EQ(stored("wait"), "-");
  EXPECT_EQ(stored("about"), "-");
  EXPECT_EQ(stored("phone"), "NULL::varchar");
}

}  // namespace
}  // namespace sleet::testing
