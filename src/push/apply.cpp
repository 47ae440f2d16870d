// Running a push plan: the rehearsal that counts affected rows and finds failing statements
// without changing anything, and the real run (enum values first, one transaction, then the
// statements that cannot run in a transaction block).
#include <fmt/format.h>

#include <cmath>
#include <set>

#include "sleet/ddl.h"
#include "sleet/error.h"
#include "sleet/push.h"
#include "sleet/sql.h"

namespace sleet {

namespace {

// SQLSTATE unsafe_new_enum_value_usage: an enum value added in this transaction was used.
constexpr const char* kUnsafeNewEnumValue = "55P04";

std::string statement_where(const Plan& plan, std::size_t index) {
  return fmt::format("push statement {} of {}", index + 1, plan.statements.size());
}

void set_timeouts(db::Connection& connection, const PushOptions& options) {
  auto milliseconds = [](double seconds) {
    return std::to_string(static_cast<long long>(std::llround(seconds * 1000)));
  };
  if (options.lock_timeout) {
    connection.execute("SET LOCAL lock_timeout = " + milliseconds(*options.lock_timeout));
  }
  if (options.statement_timeout) {
    connection.execute("SET LOCAL statement_timeout = " +
                       milliseconds(*options.statement_timeout));
  }
}

[[noreturn]] void statement_failed(const Plan& plan, std::size_t index, const Error& error,
                                   const std::string& consequence, const std::string& counted) {
  if (error.kind() == ErrorKind::Connection) throw error;
  std::string message = fmt::format("{}\n  {}\n  {}", error.what(), plan.statements[index].sql,
                                    consequence);
  if (!counted.empty()) message += "\n  " + counted;
  const auto* database_error = dynamic_cast<const db::DatabaseError*>(&error);
  if (database_error && !database_error->detail().empty()) {
    message += "\n  detail: " + database_error->detail();
  }
  std::string hint = plan.statements[index].explanation.empty()
                         ? "fix the data or the schema files, then push again"
                         : plan.statements[index].explanation +
                               "; fix the data or the schema files, then push again";
  throw Error(ErrorKind::Failure, message, statement_where(plan, index), hint);
}

// The invalid indexes on `table`. A failed CREATE INDEX CONCURRENTLY leaves one behind,
// which the catalog lists like a finished index: a later push would see nothing to do.
std::set<std::string> invalid_indexes(db::Connection& connection, const QualifiedName& table) {
  db::Result result = connection.execute(
      fmt::format("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = {}::regclass "
                  "AND NOT indisvalid",
                  sql::quote_literal(ddl::qualified(table))));
  std::set<std::string> names;
  for (int row = 0; row < result.rows(); ++row) names.emplace(result.value(row, 0));
  return names;
}

bool statement_uses(const PlannedStatement& statement, const std::string& enum_value) {
  return statement.sql.find(sql::quote_literal(enum_value)) != std::string::npos;
}

}  // namespace

std::string describe(const AffectedRows& rows) {
  std::string meaning = rows.meaning;
  if (rows.rows == 1) {
    for (const char* plural : {"rows ", "key values "}) {
      std::string_view p(plural);
      if (meaning.starts_with(p)) {
        meaning = std::string(p.substr(0, p.size() - 2)) + " " + meaning.substr(p.size());
        break;
      }
    }
  }
  return fmt::format("{} {}", rows.rows, meaning);
}

PushSchedule schedule_push(const Plan& plan) {
  PushSchedule schedule;
  const auto& statements = plan.statements;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const PlannedStatement& statement = statements[i];
    if (!(statement.hazards & kNoTransaction)) {
      schedule.transaction.push_back(i);
      continue;
    }
    if (statement.kind == ChangeKind::AddEnumValue) {
      // PostgreSQL 12+ adds enum values inside a transaction, but the value cannot be used
      // before that transaction commits.
      bool used_later = false;
      for (std::size_t j = i + 1; j < statements.size() && !used_later; ++j) {
        used_later = statement_uses(statements[j], statement.member);
      }
      (used_later ? schedule.before : schedule.transaction).push_back(i);
      continue;
    }
    schedule.after.push_back(i);
  }
  return schedule;
}

std::vector<AffectedRows> rehearse_push(db::Connection& connection, const Plan& plan,
                                        const PushOptions& options) {
  if (!connection.is_idle()) {
    throw Error(ErrorKind::Usage, "rehearse_push needs a connection outside a transaction");
  }
  PushSchedule schedule = schedule_push(plan);
  std::vector<std::size_t> order = schedule.before;
  order.insert(order.end(), schedule.transaction.begin(), schedule.transaction.end());
  std::vector<AffectedRows> counts;
  const std::string consequence = "nothing was applied (this was a rehearsal, rolled back)";
  {
    // A rehearsal: everything here is rolled back when the scope ends.
    db::Transaction rehearsal(connection);
    set_timeouts(connection, options);
    for (std::size_t index : order) {
      const PlannedStatement& statement = plan.statements[index];
      std::string counted;
      if (!statement.rows_query.empty()) {
        try {
          db::Result result = connection.execute(statement.rows_query);
          AffectedRows rows{index, std::stoll(std::string(result.value(0, 0))),
                            statement.rows_meaning};
          counted = describe(rows);
          counts.push_back(std::move(rows));
        } catch (const Error& error) {
          statement_failed(plan, index, error, consequence, "");
        }
      }
      db::Savepoint savepoint(connection, "sleet_rehearsal");
      try {
        connection.execute(statement.sql);
        savepoint.release();
      } catch (const db::DatabaseError& error) {
        if (error.sqlstate() != kUnsafeNewEnumValue) {
          statement_failed(plan, index, error, consequence, counted);
        }
        // The value is committed before this statement in the real run.
        savepoint.rollback();
      }
    }
    // Statements that run after the transaction cannot be rehearsed inside one, but their
    // counts can be taken, and a unique index that duplicate keys would stop must stop the
    // push here, before the transaction commits without it.
    for (std::size_t index : schedule.after) {
      const PlannedStatement& statement = plan.statements[index];
      if (statement.rows_query.empty()) continue;
      std::int64_t rows = 0;
      try {
        rows = std::stoll(std::string(connection.execute(statement.rows_query).value(0, 0)));
      } catch (const Error& error) {
        statement_failed(plan, index, error, consequence, "");
      }
      counts.push_back(AffectedRows{index, rows, statement.rows_meaning});
      if (statement.kind == ChangeKind::CreateIndex && rows > 0) {
        statement_failed(plan, index,
                         Error(ErrorKind::Failure,
                               "the unique index cannot be built: some keys are held by several "
                               "rows"),
                         consequence, describe(AffectedRows{index, rows, statement.rows_meaning}));
      }
    }
    rehearsal.rollback();
  }
  return counts;
}

void apply_push(db::Connection& connection, const Plan& plan, const PushOptions& options) {
  if (!connection.is_idle()) {
    throw Error(ErrorKind::Usage, "apply_push needs a connection outside a transaction");
  }
  PushSchedule schedule = schedule_push(plan);
  auto run = [&](std::size_t index) {
    if (options.on_statement) options.on_statement(index);
    connection.execute(plan.statements[index].sql);
  };
  for (std::size_t n = 0; n < schedule.before.size(); ++n) {
    try {
      run(schedule.before[n]);
    } catch (const Error& error) {
      statement_failed(plan, schedule.before[n], error,
                       n == 0 ? "nothing was applied"
                              : fmt::format("the {} enum value(s) added before it stay", n),
                       "");
    }
  }
  if (!schedule.transaction.empty()) {
    std::size_t current = schedule.transaction.front();
    try {
      db::Transaction transaction(connection);
      set_timeouts(connection, options);
      for (std::size_t index : schedule.transaction) {
        current = index;
        run(index);
      }
      transaction.commit();
    } catch (const Error& error) {
      // The transaction rolled back when its scope ended.
      statement_failed(
          plan, current, error,
          schedule.before.empty()
              ? "the transaction was rolled back: nothing was applied"
              : fmt::format("the transaction was rolled back; the {} enum value(s) added before "
                            "it stay",
                            schedule.before.size()),
          "");
    }
  }
  for (std::size_t index : schedule.after) {
    const PlannedStatement& statement = plan.statements[index];
    const bool builds_index = statement.kind == ChangeKind::CreateIndex;
    std::set<std::string> invalid_before;
    if (builds_index) invalid_before = invalid_indexes(connection, statement.object);
    try {
      run(index);
    } catch (const Error& error) {
      std::string consequence =
          "the statements before it were applied (it runs outside the transaction); push "
          "again to retry it";
      if (builds_index && error.kind() != ErrorKind::Connection) {
        try {
          for (const std::string& name : invalid_indexes(connection, statement.object)) {
            if (invalid_before.contains(name)) continue;
            connection.execute("DROP INDEX IF EXISTS " + name);
            consequence += fmt::format("; the invalid index {} it left was dropped", name);
          }
        } catch (const Error&) {
          consequence += "; it may have left an invalid index: drop it before pushing again";
        }
      }
      statement_failed(plan, index, error, consequence, "");
    }
  }
}

}  // namespace sleet
