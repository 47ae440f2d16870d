// Real-world schema files written by other projects, taken by
// tests/fixtures/realworld/fetch.sh from Debian packages (apt-get download, not installed) and
// the npm registry (npm pack): ejabberd, MediaWiki, Gammu SMSD, Icinga 2 IDO, DAViCal, ulogd2,
// FreeRADIUS, SpamAssassin, Zabbix, Kamailio, PowerDNS, LedgerSMB, graphile-worker, pg-boss.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sleet::testing {

// The fetched file `name` (ejabberd-pg.sql, ejabberd-pg.new.sql,
// mediawiki-tables-generated.sql, gammu-smsd-pgsql.sql, icinga2-ido-pgsql.sql, davical.sql,
// ulogd2-pgsql-flat.sql, graphile-worker-000001.sql, freeradius-pgsql.sql, spamassassin-pg.sql,
// zabbix-server-pgsql.sql, kamailio-pgsql.sql, pdns-pgsql.sql, graphile-worker-history.sql,
// pgboss-10.sql, ledgersmb-1.6.sql), fetching all of them on first use
// into the build tree. A name `X.schema.sql` or `X.seed.sql` is the schema or seed part of the
// fetched `X.sql` as split_schema_and_data splits it, written beside it on first use. Throws
// std::runtime_error when fetching fails, so a test never passes without them.
std::filesystem::path realworld_file(const std::string& name);

// An upstream schema file separated the way a team adopting sleet keeps it: schema files
// declare what exists and refuse data by contract, so the data goes to a seed file that
// `sleet seed` runs after the schema is in place.
struct SplitSchemaFile {
  // The file with only its schema statements: every other statement is blanked out with
  // spaces, line breaks kept, so each statement keeps its line and column of the upstream file.
  std::string schema;
  // The data statements in file order, each `;`-terminated after a comment naming its line:
  // INSERT, UPDATE, DELETE, MERGE, COPY and SELECT (upstream files call functions they declare,
  // `SELECT new_db_revision(...)`, to record their version in a table). A `COPY ... FROM
  // stdin` with its data lines (pg_dump's way, which only psql reads) becomes one INSERT per
  // row, its text format decoded (\N, backslash escapes, the DELIMITER option).
  std::string seed;
  // Statements in neither, with the reason, as "line N: reason": `DROP ... IF EXISTS` (written
  // so the file can be run again; on the empty database the schema is built in it does
  // nothing) and `CREATE LANGUAGE plpgsql` or `CREATE EXTENSION plpgsql` (built into PostgreSQL
  // since 9.0: creating it again fails as already existing).
  std::vector<std::string> left_out;
  // The statements `custom` names, in file order, each after a comment naming its line and
  // the reason: what a team keeps in a custom migration until sleet models it.
  std::string custom;
};

// A statement of one upstream file that sleet refuses for now (a known limit, named with its
// reason): a team adopting sleet keeps it in a custom migration (`sleet generate --custom`).
// `start` is the statement's first characters as the file writes them.
struct CustomStatement {
  std::string start;
  std::string reason;
};

// The statements of the fetched `X.sql` (X: `base`) that sleet refuses for now, with why
// (LedgerSMB's child tables' own defaults and comments on columns they inherit); empty for
// most products.
const std::vector<CustomStatement>& realworld_custom_statements(const std::string& base);

// Splits `sql` (a whole file, named `file` in syntax errors) statement by statement with the
// server's parser (libpg_query). Throws sleet::Error on a syntax error, so psql meta-commands
// are refused rather than guessed at; COPY ... FROM stdin (its statement read with the
// parser, alone on its line) is taken with its data lines first.
// Each entry of `custom` must match one statement: std::runtime_error otherwise (an upstream
// file that changed).
SplitSchemaFile split_schema_and_data(const std::string& sql, const std::string& file,
                                      const std::vector<CustomStatement>& custom = {});

}  // namespace sleet::testing
