// find_not_pulled: what the catalog holds in the pulled schemas that the model has no place
// for (functions, triggers, table storage options). One query per kind, never per table.
#include <fmt/format.h>

#include "sleet/error.h"
#include "sleet/pull.h"
#include "sleet/sql.h"

namespace sleet {

namespace {

// Functions, procedures and aggregates of the schemas, except those an extension owns
// (CREATE EXTENSION made them; the extension is pulled).
constexpr const char* kRoutines = R"sql(
select n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind
from pg_proc p join pg_namespace n on n.oid = p.pronamespace
where n.nspname = any($1::text[])
  and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass
                  and d.objid = p.oid and d.deptype = 'e')
order by 1, 2, 3)sql";

// User triggers (not the internal ones behind foreign keys) on relations of the schemas.
constexpr const char* kTriggers = R"sql(
select n.nspname, c.relname, t.tgname
from pg_trigger t join pg_class c on c.oid = t.tgrelid
  join pg_namespace n on n.oid = c.relnamespace
where not t.tgisinternal and n.nspname = any($1::text[])
order by 1, 2, 3)sql";

// Storage parameters of tables, with their TOAST table's as "toast.name=value".
constexpr const char* kTableOptions = R"sql(
select n.nspname, c.relname,
  array_to_string(array_cat(c.reloptions,
    (select array_agg('toast.' || o) from unnest(toast.reloptions) o)), ', ')
from pg_class c join pg_namespace n on n.oid = c.relnamespace
  left join pg_class toast on toast.oid = c.reltoastrelid
where c.relkind in ('r', 'p') and n.nspname = any($1::text[])
  and (c.reloptions is not null or toast.reloptions is not null)
order by 1, 2)sql";

db::Result run(db::Connection& connection, const char* sql, const std::string& schemas,
               const std::string& what) {
  try {
    return connection.query(sql, schemas);
  } catch (const db::DatabaseError& error) {
    throw Error(ErrorKind::Failure, fmt::format("cannot read {}: {}", what, error.what()),
                connection.settings().describe(),
                "connect as a role that may read the catalog of these schemas");
  }
}

std::string routine_kind(std::string_view prokind) {
  if (prokind == "p") return "procedure";
  if (prokind == "a") return "aggregate";
  return "function";  // "f", and "w" (window functions)
}

}  // namespace

std::string NotPulled::describe() const {
  return fmt::format("{} {} ({})", kind, object, reason);
}

std::vector<NotPulled> find_not_pulled(db::Connection& connection, const Schema& pulled,
                                       const std::vector<std::string>& schemas) {
  std::vector<NotPulled> found;
  std::string selected = sql::text_array_parameter(schemas);
  db::Result routines = run(connection, kRoutines, selected, "functions");
  for (int i = 0; i < routines.rows(); ++i) {
    std::string kind = routine_kind(routines.value(i, 3));
    QualifiedName name{std::string(routines.value(i, 0)), std::string(routines.value(i, 1))};
    found.push_back({kind, fmt::format("{}({})", name.display(), routines.value(i, 2)),
                     fmt::format("{}s are not modelled yet", kind)});
  }
  // Triggers and options of the tables pulled only (tables_filter, the tracking table).
  db::Result triggers = run(connection, kTriggers, selected, "triggers");
  for (int i = 0; i < triggers.rows(); ++i) {
    QualifiedName table{std::string(triggers.value(i, 0)), std::string(triggers.value(i, 1))};
    if (!pulled.tables.contains(table) && !pulled.views.contains(table)) continue;
    found.push_back({"trigger", fmt::format("{} on {}", triggers.value(i, 2), table.display()),
                     "triggers are not modelled yet"});
  }
  db::Result options = run(connection, kTableOptions, selected, "table storage options");
  for (int i = 0; i < options.rows(); ++i) {
    QualifiedName table{std::string(options.value(i, 0)), std::string(options.value(i, 1))};
    if (!pulled.tables.contains(table)) continue;
    found.push_back({"storage options",
                     fmt::format("({}) of {}", options.value(i, 2), table.display()),
                     "table storage options are not modelled yet"});
  }
  return found;
}

}  // namespace sleet
