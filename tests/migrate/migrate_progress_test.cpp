// What migrate() reports while it works: each statement's start and end with its number, the
// total and its text, inside a transaction and outside one.
#include <gtest/gtest.h>

#include "migrate_test_support.h"
#include "sleet/migrate.h"

namespace sleet::testing {
namespace {

// The last line of a statement's text (the text is sent as written: comments, blank lines).
std::string last_line(std::string sql) {
  sql.erase(sql.find_last_not_of(" \n") + 1);
  return sql.substr(sql.rfind('\n') + 1);
}

// "kind tag statement/statements" per statement event, in order; "start" also carries the
// statement's last line.
std::vector<std::string> statement_events(const std::string& database,
                                          const MigrationFolder& folder) {
  std::vector<std::string> events;
  db::Connection connection = test_cluster().connect(database);
  migrate(connection, folder, {}, [&](const MigrateProgress& event) {
    if (event.kind == MigrateProgress::Kind::StatementStarted) {
      events.push_back(fmt::format("start {} {}/{} {}", event.tag, event.statement,
                                   event.statements, last_line(event.sql)));
    } else if (event.kind == MigrateProgress::Kind::StatementDone) {
      EXPECT_GE(event.duration_ms, 0);
      events.push_back(fmt::format("done {} {}/{}", event.tag, event.statement, event.statements));
    }
  });
  return events;
}

TEST(MigrateProgress, ReportsEachStatementWithItsNumber) {
  TemporaryDirectory dir;
  auto database = test_cluster().fresh_database("progress");
  MigrationFolder folder = write_folder(
      dir.path() / "drizzle",
      {{"two", "CREATE TABLE p (id int);\n--> statement-breakpoint\nINSERT INTO p VALUES (1);",
        1000},
       {"loose", "-- sleet:transaction=off\nINSERT INTO p VALUES (2);\nINSERT INTO p VALUES (3);",
        2000}});
  EXPECT_EQ(statement_events(database, folder),
            (std::vector<std::string>{
                "start 0000_two 1/2 CREATE TABLE p (id int);", "done 0000_two 1/2",
                "start 0000_two 2/2 INSERT INTO p VALUES (1);", "done 0000_two 2/2",
                // Outside a transaction each statement is sent, and counted, alone.
                "start 0001_loose 1/2 INSERT INTO p VALUES (2)", "done 0001_loose 1/2",
                "start 0001_loose 2/2 INSERT INTO p VALUES (3)", "done 0001_loose 2/2"}));
}

}  // namespace
}  // namespace sleet::testing
