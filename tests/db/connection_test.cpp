// Connections, queries and errors against the real test cluster.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <thread>

#include "sleet/db.h"
#include "db/local_cluster.h"
#include "support/test_cluster.h"

namespace sleet::db {
namespace {

using sleet::testing::test_cluster;

TEST(Connection, ParameterisedQueryRoundTripsTextNullAndNumbers) {
  Connection connection = test_cluster().connect(test_cluster().fresh_database("conn"));
  connection.execute("CREATE TABLE notes (id int PRIMARY KEY, body text, extra text)");
  std::string hostile = "x'); DROP TABLE notes; --";
  std::optional<std::string> missing;
  auto inserted = connection.query("INSERT INTO notes VALUES ($1, $2, $3), ($4, $5, $6)", 1,
                                   hostile, missing, 2, "plain", std::string("\xc3\xa9t\xc3\xa9"));
  EXPECT_EQ(inserted.affected_rows(), 2);
  EXPECT_EQ(inserted.command(), "INSERT 0 2");

  auto rows = connection.query("SELECT id, body, extra FROM notes WHERE id >= $1 ORDER BY id", 0);
  ASSERT_EQ(rows.rows(), 2);
  ASSERT_EQ(rows.columns(), 3);
  EXPECT_EQ(rows.column_name(1), "body");
  EXPECT_EQ(rows.column_index("extra"), 2);
  EXPECT_EQ(rows.column_index("nope"), -1);
  EXPECT_EQ(rows.value(0, 0), "1");
  EXPECT_EQ(rows.get(0, 1), hostile);  // stored as text, not executed
  EXPECT_TRUE(rows.is_null(0, 2));
  EXPECT_EQ(rows.get(0, 2), std::nullopt);
  EXPECT_EQ(rows.get(1, 2), "\xc3\xa9t\xc3\xa9");
  EXPECT_EQ(connection.query("SELECT count(*) FROM notes").value(0, 0), "2");
}

// A pipeline hands out each result in order; a failing query stops the ones after it, the
// error is the server's, and the connection is usable (and idle) afterwards.
TEST(Connection, PipelineReadsResultsInOrderAndSurvivesAFailure) {
  Connection connection = test_cluster().connect(test_cluster().fresh_database("pipeline"));
  std::vector<std::string> seen;
  connection.pipeline(
      {{"SELECT $1::int + 1", {"41"}},
       {"SELECT generate_series(1, 3)", {}},
       {"SELECT current_setting('server_version_num') <> ''", {}}},
      [&](std::size_t i, Result result) {
        seen.push_back(fmt::format("{}:{}:{}", i, result.rows(), std::string(result.value(0, 0))));
      });
  EXPECT_EQ(seen, (std::vector<std::string>{"0:1:42", "1:3:1", "2:1:t"}));

  connection.execute("CREATE TABLE marks (n int)");
  seen.clear();
  try {
    connection.pipeline({{"INSERT INTO marks VALUES (1)", {}},
                         {"SELECT 1 / 0", {}},
                         {"INSERT INTO marks VALUES (3)", {}}},
                        [&](std::size_t i, Result) { seen.push_back(std::to_string(i)); });
    FAIL() << "expected division by zero";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.sqlstate(), "22012") << e.what();
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"0"}));
  EXPECT_TRUE(connection.is_idle());
  // Outside a transaction the pipeline is one implicit transaction: the failure undoes the
  // insert before it.
  EXPECT_EQ(connection.query("SELECT count(*) FROM marks").value(0, 0), "0");

  // What the reader throws comes out after the pipeline was drained.
  EXPECT_THROW(connection.pipeline({{"SELECT 1", {}}, {"SELECT 2", {}}},
                                   [](std::size_t, Result) { throw std::runtime_error("reader"); }),
               std::runtime_error);
  EXPECT_EQ(connection.query("SELECT 7").value(0, 0), "7");
}

TEST(Connection, ExecuteRunsSeveralStatementsAndCapturesNotices) {
  Connection connection = test_cluster().connect(test_cluster().fresh_database("conn"));
  auto last = connection.execute(
      "CREATE TABLE a (x int); INSERT INTO a VALUES (1), (2); "
      "DO $$ BEGIN RAISE NOTICE 'hello from the server'; END $$; SELECT sum(x) FROM a");
  EXPECT_EQ(last.value(0, 0), "3");
  auto notices = connection.take_notices();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("hello from the server"), std::string::npos);
  EXPECT_TRUE(connection.take_notices().empty());
  EXPECT_TRUE(connection.is_idle());
}

TEST(Connection, FailedStatementCarriesSqlstateAndPosition) {
  Connection connection = test_cluster().connect(test_cluster().fresh_database("conn"));
  try {
    connection.execute("SELECT 1 FROM no_such_table");
    FAIL() << "expected an error";
  } catch (const DatabaseError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Failure);
    EXPECT_EQ(error.sqlstate(), "42P01");
    EXPECT_EQ(error.position(), 15);  // 1-based offset of "no_such_table"
    EXPECT_NE(std::string(error.what()).find("no_such_table"), std::string::npos);
    EXPECT_EQ(error.where(), connection.settings().describe());
  }
  connection.execute("CREATE TABLE t (id int PRIMARY KEY)");
  connection.query("INSERT INTO t VALUES ($1)", 1);
  try {
    connection.query("INSERT INTO t VALUES ($1)", 1);
    FAIL() << "expected an error";
  } catch (const DatabaseError& error) {
    EXPECT_EQ(error.sqlstate(), "23505");
    EXPECT_EQ(error.position(), 0);
    EXPECT_NE(error.detail().find("(id)=(1)"), std::string::npos);
  }
  // The connection stays usable after an error outside a transaction block.
  EXPECT_EQ(connection.execute("SELECT 42").value(0, 0), "42");
}

TEST(Connection, CancelStopsARunningStatement) {
  Connection connection = test_cluster().connect();
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_TRUE(connection.cancel());
  });
  auto started = std::chrono::steady_clock::now();
  try {
    connection.execute("SELECT pg_sleep(20)");
    ADD_FAILURE() << "expected the statement to be cancelled";
  } catch (const DatabaseError& error) {
    EXPECT_EQ(error.sqlstate(), "57014");
  }
  canceller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

TEST(Connection, MovesKeepTheConnectionAndItsNotices) {
  Connection first = test_cluster().connect();
  first.execute("DO $$ BEGIN RAISE NOTICE 'before move'; END $$");
  Connection second = std::move(first);
  second.execute("DO $$ BEGIN RAISE NOTICE 'after move'; END $$");
  EXPECT_EQ(second.take_notices().size(), 2u);
  EXPECT_GE(second.server_version(), 150000);
}

TEST(Connection, WrongPasswordIsAConnectionErrorWithoutThePassword) {
  auto& cluster = test_cluster();
  cluster.execute("DROP ROLE IF EXISTS odd_user; CREATE ROLE odd_user LOGIN PASSWORD 'p@ss/w0rd'");
  // A percent-encoded password in a URL reaches the server decoded.
  auto good = parse_connection_string(fmt::format(
      "postgres://odd_user:p%40ss%2Fw0rd@{}:{}/postgres", cluster.host(), cluster.port()));
  EXPECT_EQ(Connection(good).query("SELECT current_user").value(0, 0), "odd_user");

  ConnectionSettings bad = good;
  bad.password = "n0t-the-right%2Fone";
  try {
    Connection connection(bad);
    FAIL() << "expected a connection error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Connection);
    EXPECT_EQ(error.exit_code(), 3);
    std::string text = error.describe();
    EXPECT_EQ(text.find("n0t-the-right"), std::string::npos) << text;
    EXPECT_EQ(text.find("n0t-the-right%252Fone"), std::string::npos) << text;
    EXPECT_NE(text.find("password authentication failed"), std::string::npos) << text;
    EXPECT_NE(text.find("odd_user"), std::string::npos) << text;
    EXPECT_NE(error.hint().find("check the password"), std::string::npos) << text;
  }
}

TEST(Connection, UnreachableServerNamesHostPortDatabaseAndUser) {
  ConnectionSettings settings;
  settings.host = "127.0.0.1";
  settings.port = find_free_port();  // nothing listens there
  settings.user = "someone";
  settings.password = "secret-value";
  settings.database = "somedb";
  try {
    Connection connection(settings);
    FAIL() << "expected a connection error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Connection);
    std::string text = error.describe();
    EXPECT_NE(text.find("127.0.0.1"), std::string::npos) << text;
    EXPECT_NE(text.find(std::to_string(settings.port)), std::string::npos) << text;
    EXPECT_NE(text.find("somedb"), std::string::npos) << text;
    EXPECT_NE(text.find("someone"), std::string::npos) << text;
    EXPECT_NE(text.find("is the server running"), std::string::npos) << text;
    EXPECT_EQ(text.find("secret-value"), std::string::npos) << text;
  }
}

TEST(Connection, MissingDatabaseGetsAHint) {
  try {
    Connection connection(test_cluster().settings("no_such_database"));
    FAIL() << "expected a connection error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Connection);
    EXPECT_NE(error.hint().find("database name"), std::string::npos) << error.describe();
  }
}

TEST(WaitForServer, ReturnsAtOnceForARunningServerAndTimesOutOtherwise) {
  auto started = std::chrono::steady_clock::now();
  wait_for_server(test_cluster().settings(), 10);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));

  ConnectionSettings nowhere = test_cluster().settings();
  nowhere.port = find_free_port();
  started = std::chrono::steady_clock::now();
  try {
    wait_for_server(nowhere, 1.0);
    FAIL() << "expected a connection error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Connection);
  }
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_GE(waited, std::chrono::milliseconds(900));
  EXPECT_LT(waited, std::chrono::seconds(8));
}

}  // namespace
}  // namespace sleet::db
