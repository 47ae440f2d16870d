// Lock timeouts in migrate: the backoff between attempts and the sessions holding the lock.
#include "migrate/lock_waits.h"

#include <fmt/format.h>

#include <cmath>
#include <random>

#include "sleet/error.h"
#include "sleet/sql.h"

namespace sleet::migrate_internal {

std::chrono::milliseconds retry_delay(std::chrono::milliseconds first, int attempt) {
  thread_local std::mt19937 generator{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.75, 1.25);
  double base = static_cast<double>(first.count()) * std::pow(2.0, std::max(0, attempt - 1));
  return std::chrono::milliseconds(static_cast<long long>(base * jitter(generator)));
}

std::vector<std::string> lock_holders(db::Connection& connection, const std::string& statement) {
  std::vector<std::string> names;
  try {
    for (const auto& [schema, name] : sql::named_relations(statement)) {
      names.push_back(schema.empty()
                          ? sql::quote_identifier(name)
                          : sql::quote_identifier(schema) + "." + sql::quote_identifier(name));
    }
  } catch (const Error&) {
    return {};  // a statement the parser cannot read names no table we could look up
  }
  if (names.empty()) return {};
  db::Result holders = connection.query(
      "select distinct l.pid, coalesce(a.usename, '?'), coalesce(a.application_name, ''), "
      "coalesce(a.state, '?'), "
      "coalesce(extract(epoch from now() - coalesce(a.xact_start, a.query_start))::bigint, 0), "
      "left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 80) "
      "from pg_locks l left join pg_stat_activity a on a.pid = l.pid "
      "where l.granted and l.pid <> pg_backend_pid() and l.relation in "
      "(select to_regclass(n) from unnest($1::text[]) as n) order by 1",
      sql::text_array_parameter(names));
  std::vector<std::string> lines;
  for (int i = 0; i < holders.rows(); ++i) {
    std::string application(holders.value(i, 2));
    lines.push_back(fmt::format("pid {} (user {}{}, {} for {} s): {}", holders.value(i, 0),
                                holders.value(i, 1),
                                application.empty() ? "" : ", application " + application,
                                holders.value(i, 3), holders.value(i, 4), holders.value(i, 5)));
  }
  return lines;
}

}  // namespace sleet::migrate_internal
