// Column types: every built-in spelling becomes what format_type() prints.
#include <gtest/gtest.h>

#include "schema_test_support.h"
#include "sleet/sql.h"

namespace sleet::testing {
namespace {

TypeName column_type(const std::string& written) {
  Schema schema = parse("CREATE TABLE t (c " + written + ");");
  return table_of(schema, "t").columns.at(0).type;
}

TEST(SchemaTypes, BuiltinSpellingsBecomeFormatTypeNames) {
  const std::pair<const char*, const char*> cases[] = {
      {"int", "integer"},
      {"integer", "integer"},
      {"int4", "integer"},
      {"pg_catalog.int4", "integer"},
      {"INT", "integer"},
      {"smallint", "smallint"},
      {"int2", "smallint"},
      {"bigint", "bigint"},
      {"int8", "bigint"},
      {"float8", "double precision"},
      {"double precision", "double precision"},
      {"float", "double precision"},
      {"float(24)", "real"},
      {"float(25)", "double precision"},
      {"float4", "real"},
      {"real", "real"},
      {"numeric", "numeric"},
      {"numeric(10,2)", "numeric(10,2)"},
      {"decimal(10, 2)", "numeric(10,2)"},
      {"numeric(5)", "numeric(5,0)"},
      {"varchar", "character varying"},
      {"varchar(10)", "character varying(10)"},
      {"character varying(10)", "character varying(10)"},
      {"char(3)", "character(3)"},
      {"character(3)", "character(3)"},
      {"char", "character(1)"},
      {"character", "character(1)"},
      {"bpchar", "bpchar"},
      {"bool", "boolean"},
      {"boolean", "boolean"},
      {"timestamp", "timestamp without time zone"},
      {"timestamp(3)", "timestamp(3) without time zone"},
      {"timestamptz", "timestamp with time zone"},
      {"timestamp with time zone", "timestamp with time zone"},
      {"timestamp(3) with time zone", "timestamp(3) with time zone"},
      {"time", "time without time zone"},
      {"time(2) without time zone", "time(2) without time zone"},
      {"timetz", "time with time zone"},
      {"time with time zone", "time with time zone"},
      {"interval", "interval"},
      {"interval(3)", "interval(3)"},
      {"interval day to second(3)", "interval day to second(3)"},
      {"interval year to month", "interval year to month"},
      {"interval hour", "interval hour"},
      {"bit", "bit(1)"},
      {"bit(8)", "bit(8)"},
      {"varbit(8)", "bit varying(8)"},
      {"bit varying(8)", "bit varying(8)"},
      {"varbit", "bit varying"},
      {"text", "text"},
      {"uuid", "uuid"},
      {"json", "json"},
      {"jsonb", "jsonb"},
      {"bytea", "bytea"},
      {"inet", "inet"},
      {"cidr", "cidr"},
      {"macaddr", "macaddr"},
      {"macaddr8", "macaddr8"},
      {"money", "money"},
      {"xml", "xml"},
      {"tsvector", "tsvector"},
      {"tsquery", "tsquery"},
      {"point", "point"},
      {"line", "line"},
      {"lseg", "lseg"},
      {"box", "box"},
      {"path", "path"},
      {"polygon", "polygon"},
      {"circle", "circle"},
      {"date", "date"},
      {"oid", "oid"},
      {"regclass", "regclass"},
      {"name", "name"},
      {"int4range", "int4range"},
      {"tstzrange", "tstzrange"},
      {"\"char\"", "\"char\""},
  };
  for (const auto& [written, expected] : cases) {
    TypeName type = column_type(written);
    EXPECT_EQ(type.name, expected) << written;
    EXPECT_EQ(type.schema, "") << written;
    EXPECT_EQ(type.array_dimensions, 0) << written;
  }
}

TEST(SchemaTypes, ArraysCountDimensions) {
  EXPECT_EQ(column_type("int[]"), (TypeName{"integer", "", 1}));
  EXPECT_EQ(column_type("integer[][]"), (TypeName{"integer", "", 2}));
  EXPECT_EQ(column_type("int ARRAY"), (TypeName{"integer", "", 1}));
  EXPECT_EQ(column_type("varchar(5)[3]"), (TypeName{"character varying(5)", "", 1}));
}

TEST(SchemaTypes, EnumsAreUserDefinedTypesInTheirSchema) {
  Schema schema = parse(
      "CREATE SCHEMA app; CREATE TYPE app.mood AS ENUM ('sad', 'ok');"
      "CREATE TYPE status AS ENUM ('on');"
      "CREATE TABLE t (a app.mood, b status[], c public.status);");
  const Table& t = table_of(schema, "t");
  EXPECT_EQ(t.columns[0].type, (TypeName{"mood", "app", 0}));
  EXPECT_EQ(t.columns[1].type, (TypeName{"status", "public", 1}));
  EXPECT_EQ(t.columns[2].type, (TypeName{"status", "public", 0}));
  EXPECT_TRUE(t.columns[0].type.is_user_defined());
}

TEST(SchemaTypes, EnumDeclaredInAnotherFileAfterTheTableIsFound) {
  Schema schema = parse_schema_sources({{"a.sql", "CREATE TABLE t (m mood);"},
                                        {"b.sql", "CREATE TYPE mood AS ENUM ('x');"}})
                      .schema;
  EXPECT_EQ(table_of(schema, "t").columns[0].type, (TypeName{"mood", "public", 0}));
}

TEST(SchemaTypes, UnknownTypeIsAnErrorAtItsPosition) {
  Error error = parse_error("CREATE TABLE t (\n  id int,\n  m moood\n);");
  EXPECT_EQ(error.kind(), ErrorKind::Usage);
  EXPECT_EQ(error.where(), "schema.sql:3:5");
  EXPECT_NE(std::string(error.what()).find("unknown type \"moood\""), std::string::npos);
  EXPECT_NE(error.hint().find("CREATE TYPE"), std::string::npos);
}

TEST(SchemaTypes, ExtensionTypesNeedTheirExtension) {
  Error error = parse_error("CREATE TABLE t (e citext);");
  EXPECT_EQ(error.where(), "schema.sql:1:19");
  Schema schema = parse(
      "CREATE EXTENSION IF NOT EXISTS citext; CREATE EXTENSION vector;"
      "CREATE TABLE t (e citext, v vector(3), w public.citext[]);");
  const Table& t = table_of(schema, "t");
  EXPECT_EQ(t.columns[0].type, (TypeName{"citext", "", 0}));
  EXPECT_EQ(t.columns[1].type, (TypeName{"vector(3)", "", 0}));
  EXPECT_EQ(t.columns[2].type, (TypeName{"citext", "", 1}));
  // A known extension does not vouch for types it does not provide.
  Error other = parse_error("CREATE EXTENSION citext; CREATE TABLE t (g geometry);");
  EXPECT_NE(std::string(other.what()).find("unknown type"), std::string::npos);
}

TEST(SchemaTypes, ModifiersATypeDoesNotTakeAreAnError) {
  Error error = parse_error("CREATE TABLE t (a text(10));");
  EXPECT_EQ(error.where(), "schema.sql:1:19");
}

TEST(SchemaTypes, CanonicalTypeNameOfWrittenSpellings) {
  EXPECT_EQ(sql::canonical_type_name("INT4"), "integer");
  EXPECT_EQ(sql::canonical_type_name("varchar(256)"), "character varying(256)");
  EXPECT_EQ(sql::canonical_type_name("timestamptz(3)[]"), "timestamp(3) with time zone[]");
  EXPECT_EQ(sql::canonical_type_name("double precision"), "double precision");
  EXPECT_EQ(sql::canonical_type_name("\"Mood\""), "\"Mood\"");
  EXPECT_THROW(sql::canonical_type_name("not a ( type"), Error);
}

}  // namespace
}  // namespace sleet::testing
