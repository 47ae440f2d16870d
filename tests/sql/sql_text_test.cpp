#include <gtest/gtest.h>

#include "sleet/error.h"
#include "sleet/sql.h"

namespace sleet::sql {
namespace {

TEST(CanonicalExpression, SameExpressionWrittenTwoWaysComparesEqual) {
  EXPECT_EQ(canonical_expression("NOW( )"), canonical_expression("now()"));
  EXPECT_EQ(canonical_expression("'{}'::JSONB"), canonical_expression("'{}' :: jsonb"));
  EXPECT_EQ(canonical_expression("(a+1)"), canonical_expression("a + 1"));
  EXPECT_NE(canonical_expression("a + 1"), canonical_expression("a + 2"));
}

// A serial column's default as the catalog prints it is taken as its own canonical text
// without the parser: it must be what the parser gives for it written any other way.
TEST(CanonicalExpression, CatalogsSerialDefaultIsItsOwnCanonicalText) {
  for (std::string name : {"t0_id_seq", "orders_id_seq", "_x9", "a1"}) {
    std::string printed = "nextval('" + name + "'::regclass)";
    EXPECT_EQ(canonical_expression(printed), printed);
    EXPECT_EQ(canonical_expression("NEXTVAL ( '" + name + "' :: REGCLASS )"), printed);
    EXPECT_EQ(canonical_expression("(nextval(('" + name + "')::regclass))"), printed);
  }
  // Names that need quoting, or a schema, go through the parser as before.
  EXPECT_EQ(canonical_expression("nextval('\"Odd\"'::regclass)"),
            canonical_expression("NEXTVAL('\"Odd\"'::regclass)"));
  EXPECT_EQ(canonical_expression("nextval('shop.items_id_seq'::regclass)"),
            canonical_expression("nextval( 'shop.items_id_seq'::regclass )"));
}

TEST(CanonicalExpression, RejectsWhatIsNotOneExpression) {
  EXPECT_THROW(canonical_expression("1 +"), Error);
  EXPECT_THROW(canonical_expression("1 from t"), Error);
}

TEST(Quoting, QuotesIdentifiersAndLiterals) {
  EXPECT_EQ(quote_identifier("user"), "\"user\"");
  EXPECT_EQ(quote_identifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(quote_identifier_if_needed("users"), "users");
  EXPECT_EQ(quote_identifier_if_needed("Users"), "\"Users\"");
  EXPECT_EQ(quote_identifier_if_needed("select"), "\"select\"");
  EXPECT_EQ(quote_literal("it's"), "'it''s'");
}

TEST(SplitStatements, ReportsPositionsAndSyntaxErrors) {
  auto statements = split_statements("create table a (x int);\n\n  create table b (y text);", "f.sql");
  ASSERT_EQ(statements.size(), 2u);
  try {
    split_statements("create table a (x int);\ncreate tabel b (y text);", "f.sql");
    FAIL() << "expected a syntax error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    EXPECT_EQ(e.where(), "f.sql:2:8");
  }
}

}  // namespace
}  // namespace sleet::sql

namespace sleet::sql {
namespace {

TEST(Volatility, FindsAVolatileCallAnywhereInTheExpression) {
  EXPECT_TRUE(calls_volatile_function("gen_random_uuid()"));
  EXPECT_TRUE(calls_volatile_function("(random() * 100)::integer"));
  EXPECT_TRUE(calls_volatile_function("'x' || md5(random()::text)"));
  EXPECT_TRUE(calls_volatile_function("public.uuid_generate_v4()"));
  EXPECT_TRUE(calls_volatile_function("COALESCE(NULL, clock_timestamp())"));
  // Stable and constant defaults are free since PostgreSQL 11: no rewrite.
  EXPECT_FALSE(calls_volatile_function("now()"));
  EXPECT_FALSE(calls_volatile_function("CURRENT_TIMESTAMP"));
  EXPECT_FALSE(calls_volatile_function("'random()'"));
  EXPECT_FALSE(calls_volatile_function("0"));
  EXPECT_FALSE(calls_volatile_function("not an expression ("));
}

}  // namespace
}  // namespace sleet::sql
