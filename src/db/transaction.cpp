// Transaction and Savepoint: the one way sleet opens, commits and rolls back a transaction
// block.
#include <utility>

#include "sleet/db.h"

namespace sleet::db {
namespace {

std::string begin_command(const TransactionOptions& options) {
  std::string sql = "BEGIN";
  switch (options.isolation) {
    case TransactionOptions::Isolation::Default:
      break;
    case TransactionOptions::Isolation::ReadCommitted:
      sql += " ISOLATION LEVEL READ COMMITTED";
      break;
    case TransactionOptions::Isolation::RepeatableRead:
      sql += " ISOLATION LEVEL REPEATABLE READ";
      break;
    case TransactionOptions::Isolation::Serializable:
      sql += " ISOLATION LEVEL SERIALIZABLE";
      break;
  }
  if (options.read_only) sql += " READ ONLY";
  return sql;
}

// Runs `sql` to undo work while another error is on its way: a failure here must not
// replace that error, so it is dropped. A connection that is closed, or already outside a
// transaction block (the server ended it), needs nothing.
void undo_quietly(Connection& connection, const std::string& sql) noexcept {
  try {
    if (connection.is_open() && !connection.is_idle()) connection.execute(sql);
  } catch (...) {
  }
}

}  // namespace

Transaction::Transaction(Connection& connection, TransactionOptions options)
    : connection_(&connection) {
  connection.execute(begin_command(options));
}

Transaction::~Transaction() {
  if (connection_) undo_quietly(*connection_, "ROLLBACK");
}

Transaction::Transaction(Transaction&& other) noexcept : connection_(other.connection_) {
  other.connection_ = nullptr;
}

void Transaction::commit() {
  Connection* connection = std::exchange(connection_, nullptr);
  if (!connection) throw Error(ErrorKind::Failure, "commit of a transaction that is not open");
  connection->execute("COMMIT");
}

void Transaction::rollback() {
  Connection* connection = std::exchange(connection_, nullptr);
  if (!connection) throw Error(ErrorKind::Failure, "rollback of a transaction that is not open");
  connection->execute("ROLLBACK");
}

Savepoint::Savepoint(Connection& connection, std::string name)
    : connection_(&connection), name_(std::move(name)) {
  connection.execute("SAVEPOINT " + name_);
}

Savepoint::~Savepoint() {
  if (connection_) undo_quietly(*connection_, "ROLLBACK TO SAVEPOINT " + name_);
}

void Savepoint::release() {
  Connection* connection = std::exchange(connection_, nullptr);
  if (connection) connection->execute("RELEASE SAVEPOINT " + name_);
}

void Savepoint::rollback() {
  Connection* connection = std::exchange(connection_, nullptr);
  if (connection) connection->execute("ROLLBACK TO SAVEPOINT " + name_);
}

}  // namespace sleet::db
