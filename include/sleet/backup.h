// Backups with PostgreSQL's own tools: pg_dump --format=custom before migrating, pg_restore
// into a new database. docs/commands/db.md (restore) and docs/commands/migrate.md (--backup)
// describe them.
#pragma once

#include <filesystem>
#include <string>

#include "sleet/db.h"

namespace sleet::db {

// The PostgreSQL client program `tool` ("pg_dump", "pg_restore") able to work with a server
// of major version `server_major`: Debian's /usr/lib/postgresql/N/bin/tool with the highest
// N >= server_major, else `tool` on the PATH when its --version is at least that. Throws
// sleet::Error (Usage) naming the versions found and the Debian package to install.
std::filesystem::path find_postgres_tool(const std::string& tool, int server_major);

// Dumps the database of `settings` (server major version `server_major`) with pg_dump
// --format=custom into `directory` (created when missing) as
// <database>-<UTC YYYYMMDDTHHMMSSZ>-before-<label>.dump and returns that file. The password
// goes to pg_dump through a private password file, never on its command line. Throws
// sleet::Error (Failure) with pg_dump's message when it fails (the partial file removed).
std::filesystem::path backup_database(const ConnectionSettings& settings, int server_major,
                                      const std::filesystem::path& directory,
                                      const std::string& label);

// Restores the custom-format dump `file` into the existing database of `settings` with
// pg_restore --no-owner --exit-on-error --single-transaction, so a failure leaves the
// database empty. Throws sleet::Error (Usage) when `file` does not exist, (Failure) with
// pg_restore's message when it fails.
void restore_database(const ConnectionSettings& settings, int server_major,
                      const std::filesystem::path& file);

}  // namespace sleet::db
