// Shared by the inspect tests: load schema SQL into a fresh database and compare models.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sleet/inspect.h"
#include "sleet/push.h"
#include "sleet/normalize.h"
#include "sleet/sources.h"
#include "support/model_dump.h"
#include "support/test_cluster.h"

namespace sleet::testing {

// A fresh database with `sources` executed in it, in order.
inline std::string load_database(const std::vector<SchemaSource>& sources) {
  std::string database = test_cluster().fresh_database("inspect");
  for (const SchemaSource& source : sources) test_cluster().execute(source.sql, database);
  return database;
}

// Empty when the models are equal, else the dump lines that differ.
inline std::string model_difference(const Schema& expected, const Schema& actual) {
  std::string difference = diff_dumps(dump_model(expected), dump_model(actual));
  if (difference.empty() && !(expected == actual)) return "models differ in a field not dumped";
  return difference;
}

// The schemas a parsed model uses, plus public: what inspect must read to see all of it.
inline std::vector<std::string> schemas_of(const Schema& schema) {
  std::vector<std::string> names{"public"};
  for (const auto& [name, ns] : schema.namespaces) names.push_back(name);
  return names;
}

}  // namespace sleet::testing
