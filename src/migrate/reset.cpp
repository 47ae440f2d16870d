#include <fmt/format.h>

#include "sleet/error.h"
#include "sleet/migrate.h"
#include "sleet/sql.h"

namespace sleet {

namespace {

std::string quoted(const std::string& schema, const std::string& name) {
  return sql::quote_identifier(schema) + "." + sql::quote_identifier(name);
}

// PostgreSQL's own grants on a fresh public schema (they changed in version 15).
void recreate_public(db::Connection& connection) {
  connection.execute("CREATE SCHEMA public");
  if (connection.server_version() >= 150000) {
    connection.execute("ALTER SCHEMA public OWNER TO pg_database_owner");
    connection.execute("GRANT USAGE ON SCHEMA public TO PUBLIC");
  } else {
    connection.execute("GRANT ALL ON SCHEMA public TO PUBLIC");
  }
  connection.execute("COMMENT ON SCHEMA public IS 'standard public schema'");
}

}  // namespace

void drop_managed_schemas(db::Connection& connection, const std::vector<std::string>& schemas,
                          const MigrateOptions& tracking) {
  db::Transaction transaction(connection);
  bool tracking_schema_dropped = false;
  for (const auto& schema : schemas) {
    connection.execute("DROP SCHEMA IF EXISTS " + sql::quote_identifier(schema) + " CASCADE");
    if (schema == "public") recreate_public(connection);
    if (schema == tracking.migrations_schema) tracking_schema_dropped = true;
  }
  if (!tracking_schema_dropped) {
    for (const auto& table : {tracking.migrations_table, tracking.history_table,
                              tracking.progress_table, std::string("__sleet_seeds")}) {
      connection.execute("DROP TABLE IF EXISTS " + quoted(tracking.migrations_schema, table));
    }
    // The tracking schema goes too when nothing else lives in it.
    auto left = connection.query(
        "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "        WHERE n.nspname = $1) + "
        "       (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
        "        WHERE n.nspname = $1)",
        tracking.migrations_schema);
    if (left.value(0, 0) == "0" && tracking.migrations_schema != "public") {
      connection.execute("DROP SCHEMA IF EXISTS " +
                         sql::quote_identifier(tracking.migrations_schema));
    }
  }
  transaction.commit();
}

}  // namespace sleet
