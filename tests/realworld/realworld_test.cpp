// Schemas written by other projects (tests/fixtures/realworld/fetch.sh: ejabberd, MediaWiki,
// Gammu SMSD, Icinga 2 IDO, DAViCal, ulogd2, FreeRADIUS, SpamAssassin, Zabbix, Kamailio,
// PowerDNS, LedgerSMB from Debian; graphile-worker and pg-boss from npm) must parse
// into a model whose counts match what PostgreSQL itself reports after loading the same file,
// and sleet's export of them must mean exactly the same schema to the server. Files that carry
// reference data are used as `X.schema.sql`, the schema statements split_schema_and_data
// (tests/support/realworld_files.h) keeps of the upstream `X.sql`; the data goes to
// `X.seed.sql` (realworld_cli_test.cpp runs it with `sleet seed`).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>

#include "sleet/ddl.h"
#include "sleet/sources.h"
#include "support/catalog_fingerprint.h"
#include "support/realworld_files.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

struct Counts {
  long tables = 0, columns = 0, indexes = 0, primary_keys = 0, unique_constraints = 0,
       foreign_keys = 0, checks = 0, enums = 0, functions = 0, triggers = 0, views = 0, domains = 0;
  bool operator==(const Counts&) const = default;
};

void PrintTo(const Counts& c, std::ostream* os) {
  *os << fmt::format(
      "tables={} columns={} indexes={} pk={} unique={} fk={} check={} enums={} functions={} "
      "triggers={} views={} domains={}",
      c.tables, c.columns, c.indexes, c.primary_keys, c.unique_constraints, c.foreign_keys,
      c.checks, c.enums, c.functions, c.triggers, c.views, c.domains);
}

Counts model_counts(const Schema& schema) {
  Counts c;
  c.tables = static_cast<long>(schema.tables.size());
  c.enums = static_cast<long>(schema.enums.size());
  c.functions = static_cast<long>(schema.functions.size());
  c.views = static_cast<long>(schema.views.size());
  c.domains = static_cast<long>(schema.domains.size());
  for (const auto& [name, table] : schema.tables) {
    c.columns += static_cast<long>(table.columns.size());
    c.primary_keys += table.primary_key ? 1 : 0;
    c.unique_constraints += static_cast<long>(table.unique_constraints.size());
    c.foreign_keys += static_cast<long>(table.foreign_keys.size());
    c.checks += static_cast<long>(table.check_constraints.size());
    c.triggers += static_cast<long>(table.triggers.size());
    // PostgreSQL backs every primary key and unique constraint with an index.
    c.indexes += static_cast<long>(table.indexes.size() + table.unique_constraints.size()) +
                 (table.primary_key ? 1 : 0);
  }
  return c;
}

constexpr const char* kUserTables = R"(
  select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
    and n.nspname not like 'pg_toast%')";

constexpr const char* kUserSchemas = R"(
  select oid from pg_namespace
  where nspname not in ('pg_catalog', 'information_schema') and nspname not like 'pg_toast%')";

long count(TestCluster& cluster, const std::string& database, const std::string& sql) {
  return std::stol(std::string(cluster.execute(sql, database).value(0, 0)));
}

Counts catalog_counts(TestCluster& cluster, const std::string& database) {
  Counts c;
  c.tables = count(cluster, database, fmt::format("select count(*) from ({}) t", kUserTables));
  // A table's own columns, as the model holds them (an inherited one is its parent's).
  c.columns = count(cluster, database,
                    fmt::format("select count(*) from pg_attribute where attnum > 0 and not "
                                "attisdropped and attislocal and attrelid in ({})",
                                kUserTables));
  c.indexes = count(cluster, database,
                    fmt::format("select count(*) from pg_index where indrelid in ({})", kUserTables));
  auto constraints = [&](char type) {
    return count(cluster, database,
                 fmt::format("select count(*) from pg_constraint where contype = '{}' and "
                             "conrelid in ({})",
                             type, kUserTables));
  };
  c.primary_keys = constraints('p');
  c.unique_constraints = constraints('u');
  c.foreign_keys = constraints('f');
  c.checks = constraints('c');
  c.enums = count(cluster, database, "select count(*) from pg_type where typtype = 'e'");
  c.functions =
      count(cluster, database,
            fmt::format("select count(*) from pg_proc where pronamespace in ({})", kUserSchemas));
  c.triggers = count(cluster, database,
                     fmt::format("select count(*) from pg_trigger where not tgisinternal and "
                                 "tgrelid in ({})",
                                 kUserTables));
  c.views = count(cluster, database,
                  fmt::format("select count(*) from pg_class where relkind in ('v', 'm') and "
                              "relnamespace in ({})",
                              kUserSchemas));
  c.domains = count(cluster, database,
                    fmt::format("select count(*) from pg_type where typtype = 'd' and "
                                "typnamespace in ({})",
                                kUserSchemas));
  return c;
}

std::string file_test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class RealWorldSchema : public ::testing::TestWithParam<std::string> {};

TEST_P(RealWorldSchema, ParsesLikePostgreSQLAndExportsTheSameSchema) {
  fs::path file = realworld_file(GetParam());
  std::string sql = read_file(file);
  ASSERT_FALSE(sql.empty());

  Schema schema = parse_schema_files({file});
  Counts parsed = model_counts(schema);
  EXPECT_GT(parsed.tables, 0);

  TestCluster& cluster = test_cluster();
  std::string original_db = cluster.fresh_database("realworld");
  cluster.execute(sql, original_db);
  Counts loaded = catalog_counts(cluster, original_db);
  EXPECT_EQ(parsed, loaded);

  // export -> parse is a fixed point, and the exported DDL builds the same catalog.
  std::string exported = ddl::create_script(schema);
  EXPECT_TRUE(parse_schema_sql(exported, "export") == schema);
  EXPECT_EQ(ddl::create_script(parse_schema_sql(exported, "export")), exported);
  std::string exported_db = cluster.fresh_database("exported");
  cluster.execute(exported, exported_db);
  std::vector<std::string> original = moments_unstamped(catalog_lines(cluster, original_db));
  std::vector<std::string> rebuilt = moments_unstamped(catalog_lines(cluster, exported_db));
  EXPECT_EQ(rebuilt, original) << catalog_difference(original, rebuilt);
}

INSTANTIATE_TEST_SUITE_P(Debian, RealWorldSchema,
                         ::testing::Values("ejabberd-pg.sql", "ejabberd-pg.new.sql",
                                           "mediawiki-tables-generated.sql",
                                           "gammu-smsd-pgsql.schema.sql",
                                           "icinga2-ido-pgsql.schema.sql", "davical.schema.sql",
                                           "ulogd2-pgsql-flat.schema.sql",
                                           // Enums, PL/pgSQL functions, a rule, DEFAULT 'now()'.
                                           "freeradius-pgsql.sql",
                                           // Functions, fillfactor, bytea DEFAULT ''.
                                           "spamassassin-pg.schema.sql",
                                           // 173 tables; float and bytea defaults.
                                           "zabbix-server-pgsql.schema.sql",
                                           "kamailio-pgsql.schema.sql", "pdns-pgsql.sql",
                                           // Inheritance, rules on a parent; a SQL function
                                           // reading a table called by defaults.
                                           "ledgersmb-1.6.schema.sql"),
                         file_test_name);

INSTANTIATE_TEST_SUITE_P(Npm, RealWorldSchema,
                         ::testing::Values("graphile-worker-000001.schema.sql",
                                           // LIST partitioning, LIKE of the partitioned table.
                                           "pgboss-10.schema.sql"),
                         file_test_name);

}  // namespace
}  // namespace sleet::testing
