// Type spellings both ways, and JavaScript's number printing.
#include <gtest/gtest.h>

#include "sources/snapshot_internal.h"

namespace sleet::snapshot {
namespace {

TEST(DrizzleTypes, EveryPgCoreBuilderSpellingMapsToFormatTypeAndBack) {
  // drizzle-orm 0.45 pg-core getSQLType() spellings -> format_type() spellings.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"integer", "integer"},
      {"smallint", "smallint"},
      {"bigint", "bigint"},
      {"boolean", "boolean"},
      {"text", "text"},
      {"varchar(32)", "character varying(32)"},
      {"varchar", "character varying"},
      {"char(3)", "character(3)"},
      {"numeric(10, 2)", "numeric(10,2)"},
      {"numeric(12)", "numeric(12,0)"},
      {"numeric", "numeric"},
      {"real", "real"},
      {"double precision", "double precision"},
      {"timestamp", "timestamp without time zone"},
      {"timestamp (3)", "timestamp(3) without time zone"},
      {"timestamp with time zone", "timestamp with time zone"},
      {"timestamp (6) with time zone", "timestamp(6) with time zone"},
      {"time", "time without time zone"},
      {"time(2)", "time(2) without time zone"},
      {"time(2) with time zone", "time(2) with time zone"},
      {"date", "date"},
      {"interval", "interval"},
      {"interval day to second(3)", "interval day to second(3)"},
      {"uuid", "uuid"},
      {"json", "json"},
      {"jsonb", "jsonb"},
      {"inet", "inet"},
      {"cidr", "cidr"},
      {"macaddr", "macaddr"},
      {"macaddr8", "macaddr8"},
      {"point", "point"},
      {"line", "line"},
      {"vector(3)", "vector(3)"},
      {"geometry(point)", "geometry(point)"},
      {"bit(8)", "bit(8)"},
  };
  for (const auto& [drizzle, canonical] : cases) {
    SCOPED_TRACE(drizzle);
    ColumnType type = parse_drizzle_type(drizzle, "");
    EXPECT_EQ(type.type.name, canonical);
    EXPECT_EQ(type.serial, Serial::None);
    EXPECT_EQ(drizzle_type_spelling(type.type, type.serial), drizzle);
  }
}

TEST(DrizzleTypes, SerialsArraysEnumsAndAliases) {
  ColumnType serial = parse_drizzle_type("bigserial", "");
  EXPECT_EQ(serial.type.name, "bigint");
  EXPECT_EQ(serial.serial, Serial::BigSerial);
  EXPECT_EQ(drizzle_type_spelling(serial.type, serial.serial), "bigserial");
  ColumnType array = parse_drizzle_type("varchar(40)[][]", "");
  EXPECT_EQ(array.type, (TypeName{"character varying(40)", "", 2}));
  EXPECT_EQ(drizzle_type_spelling(array.type, array.serial), "varchar(40)[][]");
  EXPECT_EQ(parse_drizzle_type("integer[3]", "").type, (TypeName{"integer", "", 1}));
  ColumnType enumeration = parse_drizzle_type("user_role[]", "auth");
  EXPECT_EQ(enumeration.type, (TypeName{"user_role", "auth", 1}));
  EXPECT_EQ(drizzle_type_spelling(enumeration.type, Serial::None), "user_role[]");
  // Spellings from pulled snapshots and custom types.
  EXPECT_EQ(parse_drizzle_type("timestamp(3) with time zone", "").type.name,
            "timestamp(3) with time zone");
  EXPECT_EQ(parse_drizzle_type("character varying(32)", "").type.name, "character varying(32)");
  EXPECT_EQ(parse_drizzle_type("timestamptz", "").type.name, "timestamp with time zone");
  EXPECT_EQ(parse_drizzle_type("int4", "").type.name, "integer");
  EXPECT_EQ(parse_drizzle_type("char", "").type.name, "character(1)");
  EXPECT_EQ(drizzle_type_spelling(TypeName{"character(1)", "", 0}, Serial::None), "char");
  EXPECT_EQ(parse_drizzle_type("char(1)", "").type.name, "character(1)");
  EXPECT_EQ(parse_drizzle_type("MyType", "").type.name, "MyType");
}

TEST(SnapshotJson, NumbersPrintAsJavaScriptDoes) {
  EXPECT_EQ(js_number_text(1.5), "1.5");
  EXPECT_EQ(js_number_text(-5), "-5");
  EXPECT_EQ(js_number_text(100), "100");
  EXPECT_EQ(js_number_text(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(js_number_text(1e21), "1e+21");
  EXPECT_EQ(js_number_text(1.5e21), "1.5e+21");
  EXPECT_EQ(js_number_text(123456789012345680000.0), "123456789012345680000");
  EXPECT_EQ(js_number_text(0.000001), "0.000001");
  EXPECT_EQ(js_number_text(1e-7), "1e-7");
  EXPECT_EQ(js_number_text(-2.5e-8), "-2.5e-8");
  EXPECT_EQ(number_from_text("0"), Json(0));
  EXPECT_EQ(number_from_text("-5"), Json(-5));
  EXPECT_EQ(number_from_text("1.5"), Json(1.5));
  EXPECT_TRUE(number_from_text("1.50").is_null());
  EXPECT_TRUE(number_from_text("01").is_null());
  EXPECT_TRUE(number_from_text("9223372036854775807").is_null());  // beyond 2^53
  EXPECT_TRUE(number_from_text("'0'").is_null());
}

TEST(SnapshotJson, StringifyMatchesJsonStringifyWithTwoSpaces) {
  Json value = Json::parse(R"({"a":[],"b":{},"c":[1,{"d":"x\u0001\"y\u00e9"}],"e":1.0,"f":null})");
  EXPECT_EQ(stringify(value),
            "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    {\n      \"d\": "
            "\"x\\u0001\\\"y\xC3\xA9\"\n    }\n  ],\n  \"e\": 1,\n  \"f\": null\n}");
}

}  // namespace
}  // namespace sleet::snapshot
