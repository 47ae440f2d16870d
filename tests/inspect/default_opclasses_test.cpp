// The offline table of default operator classes (src/sql/normalize_opclasses.cpp) says what a
// real server picks: every entry is created as an index without an operator class, and the
// class the server chose is the one the table names for the inspected column type.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "sleet/inspect.h"
#include "sql/normalize_rules.h"
#include "support/test_cluster.h"

namespace sleet::testing {
namespace {

TEST(DefaultOpclasses, TheOfflineTableIsWhatTheServerPicks) {
  struct Probe {
    std::string column;
    std::string type;
    std::string method;
  };
  std::vector<Probe> probes;
  std::vector<std::string> columns;
  auto add = [&](const std::string& type, const std::vector<std::string>& methods) {
    std::string column = fmt::format("c{}", columns.size());
    columns.push_back(fmt::format("{} {}", column, type));
    for (const std::string& method : methods) probes.push_back({column, type, method});
  };
  for (const normalize::DefaultOpclasses& entry : normalize::builtin_default_opclasses()) {
    std::vector<std::string> methods;
    for (auto [method, name] : {std::pair{"btree", entry.btree},
                                {"hash", entry.hash},
                                {"gin", entry.gin},
                                {"gist", entry.gist},
                                {"brin", entry.brin},
                                {"spgist", entry.spgist}}) {
      if (name) methods.push_back(method);
    }
    add(entry.type, methods);
  }
  // Spellings with modifiers, arrays and an enum, as the model holds them.
  add("character varying(20)", {"btree", "hash", "brin", "spgist"});
  add("timestamp(3) with time zone", {"btree", "brin"});
  add("numeric(10,2)", {"btree"});
  add("text[]", {"btree", "hash", "gin"});
  add("integer[]", {"gin"});
  add("mood", {"btree", "hash"});

  std::string database = test_cluster().fresh_database("default_opclasses");
  std::string sql =
      fmt::format("CREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE probe ({});\n",
                  fmt::join(columns, ", "));
  for (size_t i = 0; i < probes.size(); ++i) {
    sql += fmt::format("CREATE INDEX probe_{} ON probe USING {} ({});\n", i, probes[i].method,
                       probes[i].column);
  }
  test_cluster().execute(sql, database);
  db::Result chosen = test_cluster().execute(
      "select ic.relname, opc.opcname from pg_index i join pg_class ic on ic.oid = i.indexrelid "
      "join pg_opclass opc on opc.oid = i.indclass[0] where i.indrelid = 'probe'::regclass",
      database);
  std::map<std::string, std::string> server;
  for (int row = 0; row < chosen.rows(); ++row)
    server[std::string(chosen.value(row, 0))] = std::string(chosen.value(row, 1));

  // Column types as the model holds them (format_type), read back by the inspector.
  db::Connection connection = test_cluster().connect(database);
  Schema inspected = inspect_database(connection, InspectOptions{});
  const Table& table = inspected.tables.at({"public", "probe"});
  ASSERT_EQ(server.size(), probes.size());
  for (size_t i = 0; i < probes.size(); ++i) {
    const Column* column = table.find_column(probes[i].column);
    ASSERT_NE(column, nullptr);
    std::optional<std::string> offline =
        normalize::default_opclass(probes[i].method, column->type, inspected);
    EXPECT_EQ(offline.value_or("(none)"), server.at(fmt::format("probe_{}", i)))
        << probes[i].type << " using " << probes[i].method;
  }
}

}  // namespace
}  // namespace sleet::testing
