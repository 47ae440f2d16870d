#include <fmt/format.h>

#include "sleet/db.h"
#include "sleet/sql.h"

namespace sleet::db {

namespace {

Connection maintenance_connection(const ConnectionSettings& settings) {
  ConnectionSettings maintenance = settings;
  maintenance.database = "postgres";
  return Connection(maintenance);
}

bool exists(Connection& admin, const std::string& database) {
  return admin.query("SELECT 1 FROM pg_database WHERE datname = $1", database).rows() > 0;
}

}  // namespace

bool database_exists(const ConnectionSettings& settings) {
  Connection admin = maintenance_connection(settings);
  return exists(admin, settings.database);
}

bool create_database_if_missing(const ConnectionSettings& settings) {
  Connection admin = maintenance_connection(settings);
  if (exists(admin, settings.database)) return false;
  try {
    admin.execute("CREATE DATABASE " + sql::quote_identifier(settings.database));
    return true;
  } catch (const DatabaseError& error) {
    // 42P04: created by someone else in the meantime, which is what was wanted.
    if (error.sqlstate() == "42P04") return false;
    throw Error(ErrorKind::Failure,
                fmt::format("cannot create database {}: {}", settings.database, error.what()),
                settings.describe(), "create it by hand, or grant the user CREATEDB");
  }
}

bool drop_database(const ConnectionSettings& settings, bool disconnect_sessions) {
  Connection admin = maintenance_connection(settings);
  if (!exists(admin, settings.database)) return false;
  // WITH (FORCE) is PostgreSQL 13's; before it, the sessions are ended by hand.
  bool force = disconnect_sessions && admin.server_version() >= 130000;
  if (disconnect_sessions && !force) {
    admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> "
        "pg_backend_pid()",
        settings.database);
  }
  try {
    admin.execute("DROP DATABASE " + sql::quote_identifier(settings.database) +
                  (force ? " WITH (FORCE)" : ""));
    return true;
  } catch (const DatabaseError& error) {
    // 3D000: dropped by someone else in the meantime, which is what was wanted.
    if (error.sqlstate() == "3D000") return false;
    throw Error(ErrorKind::Failure,
                fmt::format("cannot drop database {}: {}", settings.database, error.what()),
                settings.describe(),
                error.sqlstate() == "55006"
                    ? "other sessions are connected: close them, or pass --force to end them"
                    : "check the user's privileges");
  }
}

}  // namespace sleet::db
