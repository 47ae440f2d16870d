// find_not_pulled: what the catalog holds in the pulled schemas that the model has no place
// for (ordered-set aggregates, window and C functions, SQL-standard function bodies, triggers on
// views, event triggers calling a function outside the pulled schemas, TOAST storage parameters,
// extended statistics on materialized views, a child's own default or comment on a column it
// inherits). A
// few bulk queries, never one per table.
#include <fmt/format.h>

#include "sleet/error.h"
#include "sleet/pull.h"
#include "sleet/sql.h"

namespace sleet {

namespace {

// Routines of the schemas the inspector does not read: ordered-set aggregates and those with a
// SORTOP, window functions, C and
// internal ones, and SQL-standard bodies (prosqlbody, PostgreSQL 14 and later: read through
// to_jsonb so the query runs on 13 too). Not those an extension owns (CREATE EXTENSION made
// them; the extension is pulled) nor those a type made for itself (a range type's
// constructors: the type is reported).
constexpr const char* kRoutines = R"sql(
select n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind,
  l.lanname
from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  join pg_language l on l.oid = p.prolang
where n.nspname = any($1::text[])
  and (p.prokind not in ('f', 'p', 'a') or p.prokind in ('f', 'p') and l.lanname in ('c', 'internal')
       or p.prokind = 'a' and exists (select 1 from pg_aggregate a where a.aggfnoid = p.oid
                                      and (a.aggkind <> 'n' or a.aggsortop <> 0)))
  and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass
                  and d.objid = p.oid and d.deptype in ('e', 'i'))
order by 1, 2, 3)sql";

// User triggers (not the internal ones behind foreign keys) on relations of the schemas; the
// inspector reads those on tables.
constexpr const char* kTriggers = R"sql(
select n.nspname, c.relname, t.tgname
from pg_trigger t join pg_class c on c.oid = t.tgrelid
  join pg_namespace n on n.oid = c.relnamespace
where not t.tgisinternal and n.nspname = any($1::text[])
order by 1, 2, 3)sql";

// Extended statistics on materialized views (and foreign tables) of the schemas; the inspector
// reads those on tables.
constexpr const char* kRelationStatistics = R"sql(
select sn.nspname, s.stxname, n.nspname, c.relname
from pg_statistic_ext s join pg_class c on c.oid = s.stxrelid
  join pg_namespace n on n.oid = c.relnamespace
  join pg_namespace sn on sn.oid = s.stxnamespace
where c.relkind not in ('r', 'p') and n.nspname = any($1::text[])
order by 1, 2)sql";

// Storage parameters of tables' TOAST tables, as "toast.name=value" (the inspector reads the
// tables' own).
constexpr const char* kTableOptions = R"sql(
select n.nspname, c.relname,
  (select string_agg('toast.' || o, ', ') from unnest(toast.reloptions) o)
from pg_class c join pg_namespace n on n.oid = c.relnamespace
  join pg_class toast on toast.oid = c.reltoastrelid
where c.relkind in ('r', 'p') and n.nspname = any($1::text[])
  and toast.reloptions is not null
order by 1, 2)sql";

// Settings of a table's own on a column it inherits (from its parents or as a partition): a
// default other than the parent's (the server copies the parent's to the child, which is not
// reported), or a comment (the parent's is not copied). The model keeps an inherited
// column's properties with the parent.
constexpr const char* kInheritedColumnSettings = R"sql(
select n.nspname, c.relname, a.attname,
  d.oid is not null and not exists (
    select 1 from pg_inherits i join pg_attribute pa on pa.attrelid = i.inhparent
      and pa.attname = a.attname
    join pg_attrdef pd on pd.adrelid = pa.attrelid and pd.adnum = pa.attnum
    where i.inhrelid = c.oid
      and pg_get_expr(pd.adbin, pd.adrelid) = pg_get_expr(d.adbin, d.adrelid)),
  col_description(c.oid, a.attnum) is not null
from pg_attribute a join pg_class c on c.oid = a.attrelid
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
where c.relkind in ('r', 'p') and n.nspname = any($1::text[]) and a.attnum > 0
  and not a.attisdropped and not a.attislocal
order by 1, 2, a.attnum)sql";

// Event triggers belong to the database, not to a schema: the inspector reads those whose
// function is in the pulled schemas.
constexpr const char* kEventTriggers = R"sql(
select evtname, p.pronamespace::regnamespace::text from pg_event_trigger e
join pg_proc p on p.oid = e.evtfoid
where not exists (select 1 from pg_depend d where d.classid = 'pg_event_trigger'::regclass
                  and d.objid = e.oid and d.deptype = 'e')
order by 1)sql";

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
    std::string reason = "ordered-set aggregates and SORTOP are not modelled yet";
    if (kind != "aggregate" && routines.value(i, 3) != "w") {
      reason = fmt::format("{} functions are not modelled yet", routines.value(i, 4));
    } else if (routines.value(i, 3) == "w") {
      reason = "window functions are not modelled yet";
    }
    found.push_back({kind, fmt::format("{}({})", name.display(), routines.value(i, 2)), reason});
  }
  // Triggers and options of the tables pulled only (tables_filter, the tracking table).
  db::Result triggers = run(connection, kTriggers, selected, "triggers");
  for (int i = 0; i < triggers.rows(); ++i) {
    QualifiedName table{std::string(triggers.value(i, 0)), std::string(triggers.value(i, 1))};
    if (!pulled.views.contains(table)) continue;  // a table's triggers are pulled
    found.push_back({"trigger", fmt::format("{} on {}", triggers.value(i, 2), table.display()),
                     "triggers on views are not modelled yet"});
  }
  db::Result event_triggers = connection.query(kEventTriggers);
  for (int i = 0; i < event_triggers.rows(); ++i) {
    std::string name(event_triggers.value(i, 0));
    if (pulled.event_triggers.contains(name)) continue;
    found.push_back({"event trigger", name,
                     fmt::format("its function is in schema {}, which is not pulled",
                                 event_triggers.value(i, 1))});
  }
  db::Result statistics = run(connection, kRelationStatistics, selected, "extended statistics");
  for (int i = 0; i < statistics.rows(); ++i) {
    QualifiedName relation{std::string(statistics.value(i, 2)),
                           std::string(statistics.value(i, 3))};
    if (!pulled.views.contains(relation)) continue;  // one left out by the filters
    found.push_back({"statistics",
                     fmt::format("{}.{} on {}.{}", statistics.value(i, 0), statistics.value(i, 1),
                                 statistics.value(i, 2), statistics.value(i, 3)),
                     "extended statistics on a materialized view are not modelled yet"});
  }
  db::Result inherited = run(connection, kInheritedColumnSettings, selected, "column defaults");
  for (int i = 0; i < inherited.rows(); ++i) {
    QualifiedName table{std::string(inherited.value(i, 0)), std::string(inherited.value(i, 1))};
    if (!pulled.tables.contains(table)) continue;
    std::string column = fmt::format("{}.{}", table.display(), inherited.value(i, 2));
    if (inherited.value(i, 3) == "t")
      found.push_back({"column default", column,
                       "a default of its own on an inherited column is not modelled yet"});
    if (inherited.value(i, 4) == "t")
      found.push_back({"column comment", column,
                       "a comment of its own on an inherited column is not modelled yet"});
  }
  db::Result options = run(connection, kTableOptions, selected, "table storage options");
  for (int i = 0; i < options.rows(); ++i) {
    QualifiedName table{std::string(options.value(i, 0)), std::string(options.value(i, 1))};
    if (!pulled.tables.contains(table)) continue;
    found.push_back({"storage options",
                     fmt::format("({}) of {}", options.value(i, 2), table.display()),
                     "TOAST storage parameters are not modelled yet"});
  }
  return found;
}

}  // namespace sleet
