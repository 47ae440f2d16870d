// Helpers for the schema SQL parser tests: parse text, catch the error a text produces.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "sleet/error.h"
#include "sleet/sources.h"

namespace sleet::testing {

inline Schema parse(const std::string& sql) {
  return parse_schema_sql(sql, "schema.sql");
}

inline const Table& table_of(const Schema& schema, const std::string& name,
                             const std::string& schema_name = "public") {
  return schema.tables.at(QualifiedName{schema_name, name});
}

// The error parsing `sources` throws; fails the test when it parses.
inline Error parse_error(const std::vector<SchemaSource>& sources) {
  try {
    parse_schema_sources(sources);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "expected a parse error";
  return Error(ErrorKind::Failure, "no error");
}

inline Error parse_error(const std::string& sql) {
  return parse_error({SchemaSource{"schema.sql", sql}});
}

}  // namespace sleet::testing
