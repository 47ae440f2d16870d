// Schemas written by other projects (from Debian's ejabberd and mediawiki packages) must
// parse into a model whose counts match what PostgreSQL itself reports after loading the
// same file, and sleet's export of them must mean exactly the same schema to the server.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sleet/ddl.h"
#include "sleet/sources.h"
#include "support/realworld_files.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

struct Counts {
  long tables = 0, columns = 0, indexes = 0, primary_keys = 0, unique_constraints = 0,
       foreign_keys = 0, checks = 0, enums = 0;
  bool operator==(const Counts&) const = default;
};

void PrintTo(const Counts& c, std::ostream* os) {
  *os << fmt::format("tables={} columns={} indexes={} pk={} unique={} fk={} check={} enums={}",
                     c.tables, c.columns, c.indexes, c.primary_keys, c.unique_constraints,
                     c.foreign_keys, c.checks, c.enums);
}

Counts model_counts(const Schema& schema) {
  Counts c;
  c.tables = static_cast<long>(schema.tables.size());
  c.enums = static_cast<long>(schema.enums.size());
  for (const auto& [name, table] : schema.tables) {
    c.columns += static_cast<long>(table.columns.size());
    c.primary_keys += table.primary_key ? 1 : 0;
    c.unique_constraints += static_cast<long>(table.unique_constraints.size());
    c.foreign_keys += static_cast<long>(table.foreign_keys.size());
    c.checks += static_cast<long>(table.check_constraints.size());
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

long count(TestCluster& cluster, const std::string& database, const std::string& sql) {
  return std::stol(std::string(cluster.execute(sql, database).value(0, 0)));
}

Counts catalog_counts(TestCluster& cluster, const std::string& database) {
  Counts c;
  c.tables = count(cluster, database, fmt::format("select count(*) from ({}) t", kUserTables));
  c.columns = count(cluster, database,
                    fmt::format("select count(*) from pg_attribute where attnum > 0 and not "
                                "attisdropped and attrelid in ({})",
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
  return c;
}

// Everything the server knows about the user tables, as one comparable text: columns with
// types, nullability and defaults, constraint and index definitions, enum labels.
std::string catalog_fingerprint(TestCluster& cluster, const std::string& database) {
  std::string sql = fmt::format(R"(
    select string_agg(line, E'\n' order by line) from (
      select format('column %s.%s %s notnull=%s default=%s', a.attrelid::regclass, a.attname,
                    format_type(a.atttypid, a.atttypmod), a.attnotnull,
                    -- PostgreSQL keeps DEFAULT NULL on some types as NULL::type; it means
                    -- the same as no default, which is how sleet models it.
                    nullif(regexp_replace(pg_get_expr(d.adbin, d.adrelid), '^NULL::.*$', ''), ''))
             as line
        from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where a.attnum > 0 and not a.attisdropped and a.attrelid in ({0})
      union all
      select format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
        from pg_constraint where conrelid in ({0})
      union all
      select format('index %s', pg_get_indexdef(indexrelid)) from pg_index where indrelid in ({0})
      union all
      select format('enum %s %s', enumtypid::regtype,
                    string_agg(enumlabel, ',' order by enumsortorder))
        from pg_enum group by enumtypid
    ) lines)",
                                kUserTables);
  return std::string(cluster.execute(sql, database).value(0, 0));
}

class RealWorldSchema : public ::testing::TestWithParam<std::string> {};

TEST_P(RealWorldSchema, ParsesLikePostgreSQLAndExportsTheSameSchema) {
  fs::path file = realworld_file(GetParam());
  std::string sql = read_file(file);
  ASSERT_FALSE(sql.empty());

  Schema schema = parse_schema_files({file});
  Counts parsed = model_counts(schema);
  EXPECT_GT(parsed.tables, 10);

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
  EXPECT_EQ(catalog_fingerprint(cluster, exported_db), catalog_fingerprint(cluster, original_db));
}

INSTANTIATE_TEST_SUITE_P(Debian, RealWorldSchema,
                         ::testing::Values("ejabberd-pg.sql", "ejabberd-pg.new.sql",
                                           "mediawiki-tables-generated.sql"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace sleet::testing
