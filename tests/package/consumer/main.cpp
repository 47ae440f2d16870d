// Uses the installed headers and library: the SQL parser (libpg_query), identifier quoting,
// and Migrator, whose run() must fail cleanly on a folder that does not exist.
#include <cstdio>
#include <string>

#include "sleet/error.h"
#include "sleet/migrate.h"
#include "sleet/sources.h"
#include "sleet/sql.h"

int main(int argc, char** argv) {
  std::printf("quoted: %s\n", sleet::sql::quote_identifier("Order Items").c_str());

  sleet::Schema schema = sleet::parse_schema_sql(
      "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);", "schema.sql");
  std::printf("tables: %zu\n", schema.tables.size());

  if (argc < 2) {
    std::fprintf(stderr, "usage: consumer <missing folder>\n");
    return 2;
  }
  sleet::Migrator migrator(sleet::db::parse_connection_string("postgresql://localhost/none"),
                           argv[1]);
  try {
    migrator.run();
    std::printf("migrator: unexpectedly succeeded\n");
    return 1;
  } catch (const sleet::Error& error) {
    std::printf("migrator: exit code %d\n", error.exit_code());
  }
  return 0;
}
