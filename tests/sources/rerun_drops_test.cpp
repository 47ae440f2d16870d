// Schema files made re-runnable with psql: DROP ... IF EXISTS before the CREATE.
#include <gtest/gtest.h>

#include "sleet/error.h"
#include "sleet/sources.h"

namespace sleet {
namespace {

bool has_note(const ParseReport& report, const std::string& text) {
  for (const std::string& note : report.notes) {
    if (note.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(RerunDrops, ADropOfWhatTheFilesCreateIsNotedAndIgnored) {
  ParseReport report = parse_schema_sources({{"schema.sql", R"sql(
DROP VIEW IF EXISTS app.active_users;
DROP TABLE IF EXISTS app.users, app.teams CASCADE;
DROP SEQUENCE IF EXISTS app.users_id_seq;
DROP TYPE IF EXISTS app.mood;
DROP INDEX IF EXISTS app.users_name_idx;
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('ok');
CREATE TABLE app.teams (id int PRIMARY KEY);
CREATE TABLE app.users (id serial PRIMARY KEY, name text, mood app.mood);
CREATE INDEX users_name_idx ON app.users (name);
CREATE VIEW app.active_users AS SELECT id FROM app.users;
)sql"}});
  EXPECT_EQ(report.schema.tables.size(), 2u);
  EXPECT_EQ(report.schema.views.size(), 1u);
  EXPECT_TRUE(has_note(report, "schema.sql:3:1: DROP TABLE IF EXISTS app.users, app.teams ignored"))
      << (report.notes.empty() ? "no notes" : report.notes.front());
  EXPECT_TRUE(has_note(report, "DROP SEQUENCE IF EXISTS app.users_id_seq ignored"));
  EXPECT_TRUE(has_note(report, "DROP TYPE IF EXISTS app.mood ignored"));
  EXPECT_TRUE(has_note(report, "DROP INDEX IF EXISTS app.users_name_idx ignored"));
  EXPECT_TRUE(has_note(report, "DROP VIEW IF EXISTS app.active_users ignored"));
}

TEST(RerunDrops, ADropOfAnythingElseIsRefusedWhereItStands) {
  for (const char* sql : {"CREATE TABLE users (id int);\nDROP TABLE IF EXISTS old_users;",
                          "CREATE TABLE users (id int);\nDROP TABLE users;"}) {
    try {
      parse_schema_sources({{"schema.sql", sql}});
      FAIL() << "no error for " << sql;
    } catch (const Error& error) {
      std::string text = error.describe();
      EXPECT_NE(text.find("schema.sql:2:1"), std::string::npos) << text;
      EXPECT_NE(text.find("DROP"), std::string::npos) << text;
    }
  }
}

}  // namespace
}  // namespace sleet
