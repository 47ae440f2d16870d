// db::Transaction and db::Savepoint against the real test cluster: what commits, what rolls
// back when a scope ends, and that the error that ended it is the one that arrives.
#include <gtest/gtest.h>

#include "sleet/db.h"
#include "support/test_cluster.h"

namespace sleet::db {
namespace {

using sleet::testing::test_cluster;

std::string count_rows(Connection& connection) {
  return std::string(connection.execute("SELECT count(*) FROM items").value(0, 0));
}

Connection with_items_table(const std::string& name) {
  Connection connection = test_cluster().connect(test_cluster().fresh_database(name));
  connection.execute("CREATE TABLE items (id int PRIMARY KEY)");
  return connection;
}

TEST(Transaction, CommitKeepsAndScopeExitRollsBack) {
  Connection connection = with_items_table("tx_commit");
  {
    Transaction transaction(connection);
    EXPECT_FALSE(connection.is_idle());
    connection.execute("INSERT INTO items VALUES (1)");
    transaction.commit();
    EXPECT_FALSE(transaction.is_open());
  }
  EXPECT_TRUE(connection.is_idle());
  {
    Transaction transaction(connection);
    connection.execute("INSERT INTO items VALUES (2)");
  }  // no commit
  EXPECT_TRUE(connection.is_idle());
  EXPECT_EQ(count_rows(connection), "1");
  {
    Transaction transaction(connection);
    connection.execute("INSERT INTO items VALUES (3)");
    transaction.rollback();
    EXPECT_THROW(transaction.commit(), Error);
  }
  EXPECT_EQ(count_rows(connection), "1");
}

TEST(Transaction, TheFailingStatementsErrorArrivesAndNothingStays) {
  Connection connection = with_items_table("tx_error");
  try {
    Transaction transaction(connection);
    connection.execute("INSERT INTO items VALUES (7)");
    connection.execute("INSERT INTO items VALUES (7)");  // duplicate key
    transaction.commit();
    FAIL() << "the duplicate key did not fail";
  } catch (const DatabaseError& error) {
    EXPECT_EQ(error.sqlstate(), "23505") << error.what();
  }
  EXPECT_TRUE(connection.is_idle());
  EXPECT_EQ(count_rows(connection), "0");
}

TEST(Transaction, ScopeExitOnABrokenConnectionDoesNotThrowOrHideTheError) {
  Connection connection = with_items_table("tx_broken");
  Connection killer = test_cluster().connect(connection.settings().database);
  std::string pid(connection.execute("SELECT pg_backend_pid()").value(0, 0));
  try {
    Transaction transaction(connection);
    connection.execute("INSERT INTO items VALUES (1)");
    killer.query("SELECT pg_terminate_backend($1::int)", pid);
    connection.execute("INSERT INTO items VALUES (2)");  // the connection is gone
    FAIL() << "a terminated connection accepted a statement";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()).find("ROLLBACK"), std::string::npos) << error.what();
  }
  EXPECT_EQ(std::string(killer.execute("SELECT count(*) FROM items").value(0, 0)), "0");
}

TEST(Transaction, ReadOnlyAndIsolationAreSet) {
  Connection connection = with_items_table("tx_options");
  Transaction transaction(
      connection, {TransactionOptions::Isolation::RepeatableRead, /*read_only=*/true});
  EXPECT_EQ(connection.execute("SHOW transaction_isolation").value(0, 0), "repeatable read");
  EXPECT_EQ(connection.execute("SHOW transaction_read_only").value(0, 0), "on");
  try {
    connection.execute("INSERT INTO items VALUES (1)");
    FAIL() << "a read-only transaction wrote";
  } catch (const DatabaseError& error) {
    EXPECT_EQ(error.sqlstate(), "25006") << error.what();
  }
}

TEST(Transaction, SavepointsUndoOnlyTheirOwnWork) {
  Connection connection = with_items_table("tx_nested");
  Transaction outer(connection);
  // PostgreSQL only warns about a nested BEGIN; the savepoint is the nested form.
  Savepoint savepoint(connection, "inner_work");
  connection.execute("INSERT INTO items VALUES (1)");
  savepoint.rollback();
  connection.execute("INSERT INTO items VALUES (2)");
  {
    Savepoint kept(connection, "kept_work");
    connection.execute("INSERT INTO items VALUES (3)");
    kept.release();
  }
  {
    Savepoint dropped(connection, "dropped_work");
    connection.execute("INSERT INTO items VALUES (4)");
  }  // rolled back to the savepoint
  EXPECT_EQ(std::string(connection.execute("SELECT string_agg(id::text, ',' ORDER BY id) FROM items")
                            .value(0, 0)),
            "2,3");
  outer.commit();
  EXPECT_EQ(count_rows(connection), "2");
}

}  // namespace
}  // namespace sleet::db
