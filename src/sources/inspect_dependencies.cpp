// The inspector's dependency graph: one query over pg_depend, each end mapped to the object
// sleet names (Schema::dependencies, docs/inspect.md).
#include <fmt/format.h>

#include <algorithm>

#include "sources/inspect_internal.h"

namespace sleet::sources {

std::string function_signature_sql(const char* proc) {
  return fmt::format(
      "{0}.proname || '(' || coalesce((select "
      "string_agg(case when tn.nspname = 'pg_catalog' then format_type(a.t, null) else "
      "en.nspname || '.' || e.typname || case when t.typcategory = 'A' then '[]' else '' end "
      "end, ', ' order by a.i) from unnest({0}.proargtypes) with ordinality a(t, i) "
      "join pg_type t on t.oid = a.t join pg_namespace tn on tn.oid = t.typnamespace "
      "join pg_type e on e.oid = case when t.typcategory = 'A' then t.typelem else t.oid end "
      "join pg_namespace en on en.oid = e.typnamespace), '') || ')'",
      proc);
}

namespace {

// Every object of the selected schemas an edge may name, by its pg_depend address
// (catalog, oid, sub-id): relations and their columns, functions, types, constraints,
// triggers, policies, column defaults, rewrite rules (a view's _RETURN rule stands for the
// view, so what a view reads is an edge from the view). Indexes are named by their table. A
// view's column stands for the view: the server records a view over a view as depending on
// the columns it reads, and sleet creates and drops views whole.
constexpr const char* kObjects =
    "select 'pg_class'::regclass::oid as classid, c.oid as objid, 0 as objsubid, "
    " case when c.relkind in ('r', 'p') then 'table' when c.relkind in ('v', 'm') then 'view' "
    " when c.relkind = 'S' then 'sequence' else 'index' end as kind, n.nspname::text as schema, "
    " coalesce(ir.relname, c.relname)::text as name, "
    " case when ir.relname is null then '' else c.relname::text end as member "
    "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
    "left join pg_index i on i.indexrelid = c.oid left join pg_class ir on ir.oid = i.indrelid "
    "where c.relkind in ('r', 'p', 'v', 'm', 'S', 'i', 'I') and n.nspname = any($1::text[]) "
    "union all "
    "select 'pg_class'::regclass::oid, a.attrelid, a.attnum, "
    " case when c.relkind in ('v', 'm') then 'view' else 'column' end, n.nspname, c.relname, "
    " case when c.relkind in ('v', 'm') then '' else a.attname::text end "
    "from pg_attribute a join pg_class c on c.oid = a.attrelid "
    "join pg_namespace n on n.oid = c.relnamespace "
    "where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'v', 'm') "
    " and n.nspname = any($1::text[]) "
    "union all "
    "select 'pg_proc'::regclass::oid, p.oid, 0, 'function', n.nspname, {signature}, '' "
    "from pg_proc p join pg_namespace n on n.oid = p.pronamespace "
    "where p.prokind in ('f', 'p', 'a') and n.nspname = any($1::text[]) "
    "union all "
    "select 'pg_type'::regclass::oid, t.oid, 0, 'type', n.nspname, t.typname, '' "
    "from pg_type t join pg_namespace n on n.oid = t.typnamespace "
    "left join pg_class tc on tc.oid = t.typrelid "
    "where (t.typtype in ('e', 'd', 'r') or tc.relkind = 'c') and n.nspname = any($1::text[]) "
    "union all "
    "select 'pg_constraint'::regclass::oid, k.oid, 0, "
    " case when k.conrelid <> 0 then 'constraint' else 'domain constraint' end, n.nspname, "
    " coalesce(c.relname, t.typname), k.conname "
    "from pg_constraint k left join pg_class c on c.oid = k.conrelid "
    "left join pg_type t on t.oid = k.contypid "
    "join pg_namespace n on n.oid = coalesce(c.relnamespace, t.typnamespace) "
    "where (k.conrelid <> 0 or k.contypid <> 0) and n.nspname = any($1::text[]) "
    "union all "
    "select 'pg_trigger'::regclass::oid, g.oid, 0, 'trigger', n.nspname, c.relname, g.tgname "
    "from pg_trigger g join pg_class c on c.oid = g.tgrelid "
    "join pg_namespace n on n.oid = c.relnamespace "
    "where not g.tgisinternal and n.nspname = any($1::text[]) "
    "union all "
    "select 'pg_policy'::regclass::oid, p.oid, 0, 'policy', n.nspname, c.relname, p.polname "
    "from pg_policy p join pg_class c on c.oid = p.polrelid "
    "join pg_namespace n on n.oid = c.relnamespace where n.nspname = any($1::text[]) "
    "union all "
    "select 'pg_attrdef'::regclass::oid, d.oid, 0, 'default', n.nspname, c.relname, a.attname "
    "from pg_attrdef d join pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum "
    "join pg_class c on c.oid = d.adrelid join pg_namespace n on n.oid = c.relnamespace "
    "where n.nspname = any($1::text[]) "
    "union all "
    "select 'pg_rewrite'::regclass::oid, r.oid, 0, "
    " case when r.rulename = '_RETURN' then 'view' else 'rule' end, n.nspname, c.relname, "
    " case when r.rulename = '_RETURN' then '' else r.rulename::text end "
    "from pg_rewrite r join pg_class c on c.oid = r.ev_class "
    "join pg_namespace n on n.oid = c.relnamespace where n.nspname = any($1::text[])";

// An object an extension created (a pg_depend 'e' row on it, or on the relation holding it).
constexpr const char* kExtensionMembers =
    "select ext.classid, ext.objid from pg_depend ext where ext.deptype = 'e'";

std::optional<ObjectId::Kind> kind_of(const std::string& kind) {
  using Kind = ObjectId::Kind;
  static const std::map<std::string, Kind> kinds{{"table", Kind::Table},
                                                 {"column", Kind::Column},
                                                 {"view", Kind::View},
                                                 {"sequence", Kind::Sequence},
                                                 {"function", Kind::Function},
                                                 {"type", Kind::Type},
                                                 {"index", Kind::Index},
                                                 {"constraint", Kind::Constraint},
                                                 {"domain constraint", Kind::DomainConstraint},
                                                 {"trigger", Kind::Trigger},
                                                 {"policy", Kind::Policy},
                                                 {"default", Kind::ColumnDefault},
                                                 {"rule", Kind::Rule}};
  auto it = kinds.find(kind);
  if (it == kinds.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::string dependencies_query() {
  // Normal ('n') and automatic ('a') dependencies only: internal ones tie an object to its
  // own parts (an index to its constraint, a view to its _RETURN rule), which sleet models as
  // one; pinned and extension ('e') ones name nothing sleet diffs.
  return fmt::format(
      "with objects as materialized ({objects}), members as materialized ({members}) "
      "select distinct d.kind, d.schema, d.name, d.member, r.kind as ref_kind, "
      " r.schema as ref_schema, r.name as ref_name, r.member as ref_member "
      "from pg_depend e "
      "join objects d on d.classid = e.classid and d.objid = e.objid "
      " and d.objsubid = e.objsubid "
      "join objects r on r.classid = e.refclassid and r.objid = e.refobjid "
      " and r.objsubid = e.refobjsubid "
      "where e.deptype in ('n', 'a') "
      " and (d.kind, d.schema, d.name, d.member) <> (r.kind, r.schema, r.name, r.member) "
      " and not exists (select 1 from members m where m.classid = e.classid "
      "  and m.objid = e.objid) "
      " and not exists (select 1 from members m where m.classid = e.refclassid "
      "  and m.objid = e.refobjid) "
      "order by 1, 2, 3, 4, 5, 6, 7, 8",
      fmt::arg("objects", fmt::format(fmt::runtime(kObjects),
                                      fmt::arg("signature", function_signature_sql("p")))),
      fmt::arg("members", kExtensionMembers));
}

void read_dependencies(const db::Result& result, Schema& schema) {
  std::vector<Dependency>& edges = schema.dependencies.edges;
  edges.clear();
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    auto kind = kind_of(row.text("kind"));
    auto ref_kind = kind_of(row.text("ref_kind"));
    if (!kind || !ref_kind) continue;
    edges.push_back(
        {{*kind, {row.text("schema"), row.text("name")}, row.text("member")},
         {*ref_kind, {row.text("ref_schema"), row.text("ref_name")}, row.text("ref_member")}});
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
}

}  // namespace sleet::sources
