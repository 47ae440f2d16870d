// The inspector's catalog queries. One query per kind of object for the whole database,
// never one per table. Every PostgreSQL version difference is decided in catalog_queries.
#include <fmt/format.h>

#include "sleet/error.h"
#include "sources/inspect_internal.h"

namespace sleet::sources {

namespace {

// The schemas being read; $1 is a text[] of their names.
constexpr const char* kInSchemas = "n.nspname = any($1::text[])";

// Objects an extension created (postgis's spatial_ref_sys, citext's type, ...) belong to the
// extension: CREATE EXTENSION makes them, so they are not part of the declared schema.
std::string not_extension_member(const char* object, const char* catalog) {
  return fmt::format(
      "not exists (select 1 from pg_depend ext where ext.classid = '{}'::regclass and "
      "ext.objid = {} and ext.deptype = 'e')",
      catalog, object);
}

std::string comment_join(const char* alias, const char* object, const char* catalog,
                         const char* subobject = "0") {
  return fmt::format(
      "left join pg_description {0} on {0}.objoid = {1} and {0}.classoid = '{2}'::regclass and "
      "{0}.objsubid = {3}",
      alias, object, catalog, subobject);
}

// A support function of pg_aggregate's row `a` (its oid column), schema-qualified always: the
// reader takes a bare name for pg_catalog's or the files' own.
std::string aggregate_function(const char* column) {
  return fmt::format(
      "(select format('%I.%I', fn.nspname, f.proname) from pg_proc f "
      "join pg_namespace fn on fn.oid = f.pronamespace where f.oid = a.{})",
      column);
}

// An option whose function is set, as ", NAME = schema.function".
std::string aggregate_function_option(const char* name, const char* column) {
  return fmt::format("case when a.{1} <> 0 then ', {0} = ' || {2} else '' end", name, column,
                     aggregate_function(column));
}

std::string aggregate_modify(const char* column) {
  return fmt::format(
      "case a.{} when 'r' then 'READ_ONLY' when 's' then 'SHAREABLE' else 'READ_WRITE' end",
      column);
}

// CREATE AGGREGATE of pg_proc's row `p` and pg_aggregate's `a` (an ordinary aggregate) with
// every option the server holds, types as format_type prints them (search_path public).
std::string aggregate_definition() {
  return fmt::format(
      "format('CREATE AGGREGATE %I.%I(%s) (SFUNC = %s, STYPE = %s', n.nspname, p.proname, "
      " case when p.pronargs = 0 then '*' else pg_get_function_arguments(p.oid) end, {0}, "
      " format_type(a.aggtranstype, null)) "
      "|| case when a.aggtransspace <> 0 then ', SSPACE = ' || a.aggtransspace else '' end "
      "|| {1} || case when a.aggfinalextra then ', FINALFUNC_EXTRA' else '' end "
      "|| ', FINALFUNC_MODIFY = ' || {2} || {3} || {4} || {5} "
      "|| case when a.agginitval is not null then ', INITCOND = ' || quote_literal(a.agginitval) "
      " else '' end "
      "|| {6} || {7} "
      "|| case when a.aggmtranstype <> 0 then ', MSTYPE = ' || format_type(a.aggmtranstype, null) "
      " else '' end "
      "|| case when a.aggmtransspace <> 0 then ', MSSPACE = ' || a.aggmtransspace else '' end "
      "|| {8} || case when a.aggmfinalextra then ', MFINALFUNC_EXTRA' else '' end "
      "|| ', MFINALFUNC_MODIFY = ' || {9} "
      "|| case when a.aggminitval is not null then ', MINITCOND = ' || "
      "quote_literal(a.aggminitval) "
      " else '' end "
      "|| ', PARALLEL = ' || case p.proparallel when 's' then 'SAFE' when 'r' then 'RESTRICTED' "
      " else 'UNSAFE' end || ')'",
      aggregate_function("aggtransfn"), aggregate_function_option("FINALFUNC", "aggfinalfn"),
      aggregate_modify("aggfinalmodify"), aggregate_function_option("COMBINEFUNC", "aggcombinefn"),
      aggregate_function_option("SERIALFUNC", "aggserialfn"),
      aggregate_function_option("DESERIALFUNC", "aggdeserialfn"),
      aggregate_function_option("MSFUNC", "aggmtransfn"),
      aggregate_function_option("MINVFUNC", "aggminvtransfn"),
      aggregate_function_option("MFINALFUNC", "aggmfinalfn"), aggregate_modify("aggmfinalmodify"));
}

}  // namespace

CatalogQueries catalog_queries(int server_version) {
  if (server_version < 130000) {
    throw Error(ErrorKind::Failure,
                fmt::format("PostgreSQL {}.{} is too old to inspect", server_version / 10000,
                            server_version % 10000),
                "", "sleet reads PostgreSQL 13 and later");
  }
  // NULLS NOT DISTINCT arrived in PostgreSQL 15.
  std::string nulls_not_distinct =
      server_version >= 150000 ? "coalesce(i.indnullsnotdistinct, false)" : "false";

  CatalogQueries q;
  q.namespaces = fmt::format(
      "select n.nspname, d.description, has_schema_privilege(n.oid, 'USAGE') as usable "
      "from pg_namespace n {} "
      "where n.nspname !~ '^pg_' and n.nspname <> 'information_schema' order by n.nspname",
      comment_join("d", "n.oid", "pg_namespace"));

  q.extensions =
      "select e.extname, n.nspname, e.extversion, a.default_version "
      "from pg_extension e join pg_namespace n on n.oid = e.extnamespace "
      "left join pg_available_extensions a on a.name = e.extname "
      "where e.extname <> 'plpgsql' order by e.extname";

  q.enums = fmt::format(
      "select n.nspname, t.typname, d.description, "
      "(select json_agg(e.enumlabel order by e.enumsortorder) from pg_enum e "
      " where e.enumtypid = t.oid) as labels "
      "from pg_type t join pg_namespace n on n.oid = t.typnamespace {} "
      "where t.typtype = 'e' and {} and {}",
      comment_join("d", "t.oid", "pg_type"), kInSchemas, not_extension_member("t.oid", "pg_type"));

  // Domains: the base type read as a column's type is (catalog_type), the checks by name. A
  // domain over a domain holds a copy of its base's default when it declares none: left out.
  q.domains = fmt::format(
      "select n.nspname, t.typname as domain_name, t.typnotnull, "
      "case when bt.typtype = 'd' and t.typdefaultbin::text = bt.typdefaultbin::text then null "
      " else pg_get_expr(t.typdefaultbin, 0) end as default_value, "
      "bt.oid <> et.oid as is_array, t.typndims as attndims, "
      "format_type(et.oid, t.typtypmod) as type_name, et.typtype, etn.nspname as type_schema, "
      "et.typname, case when t.typcollation <> bt.typcollation then co.collname end as collation, "
      "con.nspname as collation_schema, d.description, "
      "(select json_object_agg(c.conname, pg_get_expr(c.conbin, 0) order by c.conname) "
      " from pg_constraint c where c.contypid = t.oid and c.contype = 'c') as checks "
      "from pg_type t join pg_namespace n on n.oid = t.typnamespace "
      "join pg_type bt on bt.oid = t.typbasetype "
      "join pg_type et on et.oid = case when bt.typcategory = 'A' and bt.typelem <> 0 "
      " then bt.typelem else bt.oid end "
      "join pg_namespace etn on etn.oid = et.typnamespace "
      "left join pg_collation co on co.oid = t.typcollation "
      "left join pg_namespace con on con.oid = co.collnamespace {} "
      "where t.typtype = 'd' and {} and {} order by n.nspname, t.typname",
      comment_join("d", "t.oid", "pg_type"), kInSchemas, not_extension_member("t.oid", "pg_type"));

  // Composite types (a pg_class of relkind 'c'), one row per attribute in order; a type
  // without attributes gives one row with a null attname. Attribute types read as columns'.
  q.composite_types = fmt::format(
      "select n.nspname, t.typname as composite_name, d.description, a.attname, a.attndims, "
      "at.oid <> et.oid as is_array, format_type(et.oid, a.atttypmod) as type_name, et.typtype, "
      "etn.nspname as type_schema, et.typname, "
      "case when a.attcollation <> at.typcollation then co.collname end as collation, "
      "con.nspname as collation_schema, ad.description as attribute_comment "
      "from pg_type t join pg_namespace n on n.oid = t.typnamespace "
      "join pg_class c on c.oid = t.typrelid and c.relkind = 'c' "
      "left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped "
      "left join pg_type at on at.oid = a.atttypid "
      "left join pg_type et on et.oid = case when at.typcategory = 'A' and at.typelem <> 0 "
      " then at.typelem else at.oid end "
      "left join pg_namespace etn on etn.oid = et.typnamespace "
      "left join pg_collation co on co.oid = a.attcollation "
      "left join pg_namespace con on con.oid = co.collnamespace {} {} "
      "where t.typtype = 'c' and {} and {} order by n.nspname, t.typname, a.attnum",
      comment_join("d", "t.oid", "pg_type"), comment_join("ad", "c.oid", "pg_class", "a.attnum"),
      kInSchemas, not_extension_member("t.oid", "pg_type"));

  // Range types: the subtype read as a column's type is; options other than the defaults
  // (the subtype's default btree operator class and collation, the server's multirange name).
  q.range_types = fmt::format(
      "select n.nspname, t.typname as range_name, d.description, false as is_array, "
      "0 as attndims, format_type(st.oid, null) as type_name, st.typtype, "
      "stn.nspname as type_schema, st.typname, "
      "case when not opc.opcdefault then case when opcn.nspname = 'pg_catalog' then opc.opcname "
      " else opcn.nspname || '.' || opc.opcname end end as opclass, "
      "case when r.rngcollation <> 0 and r.rngcollation <> st.typcollation then "
      " case when con.nspname in ('pg_catalog', 'public') then co.collname "
      " else con.nspname || '.' || co.collname end end as collation, "
      "case when r.rngcanonical <> 0 then case when cn.nspname = 'pg_catalog' then cp.proname "
      " else cn.nspname || '.' || cp.proname end end as canonical, "
      "case when r.rngsubdiff <> 0 then case when dn.nspname = 'pg_catalog' then dp.proname "
      " else dn.nspname || '.' || dp.proname end end as subtype_diff, "
      "mt.typname as multirange_name "
      "from pg_range r join pg_type t on t.oid = r.rngtypid "
      "join pg_namespace n on n.oid = t.typnamespace "
      "join pg_type st on st.oid = r.rngsubtype "
      "join pg_namespace stn on stn.oid = st.typnamespace "
      "join pg_opclass opc on opc.oid = r.rngsubopc "
      "join pg_namespace opcn on opcn.oid = opc.opcnamespace "
      "left join pg_collation co on co.oid = r.rngcollation "
      "left join pg_namespace con on con.oid = co.collnamespace "
      "left join pg_proc cp on cp.oid = r.rngcanonical "
      "left join pg_namespace cn on cn.oid = cp.pronamespace "
      "left join pg_proc dp on dp.oid = r.rngsubdiff "
      "left join pg_namespace dn on dn.oid = dp.pronamespace "
      "left join pg_type mt on mt.oid = r.rngmultitypid {} "
      "where {} and {} order by n.nspname, t.typname",
      comment_join("d", "t.oid", "pg_type"), kInSchemas, not_extension_member("t.oid", "pg_type"));

  // deptype 'a': OWNED BY (serial); 'i': the sequence of an identity column.
  q.sequences = fmt::format(
      "select c.oid, n.nspname, c.relname, format_type(s.seqtypid, null) as data_type, "
      "s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache, s.seqcycle, d.description, "
      "dep.deptype, dep.refobjid as owner_oid, dep.refobjsubid as owner_attnum, "
      "tn.nspname as owner_schema, tc.relname as owner_table, a.attname as owner_column "
      "from pg_sequence s join pg_class c on c.oid = s.seqrelid "
      "join pg_namespace n on n.oid = c.relnamespace "
      "left join pg_depend dep on dep.classid = 'pg_class'::regclass and dep.objid = c.oid "
      " and dep.refclassid = 'pg_class'::regclass and dep.refobjsubid > 0 "
      " and dep.deptype in ('a', 'i') "
      "left join pg_class tc on tc.oid = dep.refobjid "
      "left join pg_namespace tn on tn.oid = tc.relnamespace "
      "left join pg_attribute a on a.attrelid = dep.refobjid and a.attnum = dep.refobjsubid {} "
      "where {} and {}",
      comment_join("d", "c.oid", "pg_class"), kInSchemas, not_extension_member("c.oid", "pg_class"));

  q.relations = fmt::format(
      "select c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity, "
      "c.relforcerowsecurity, "
      "d.description, case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid) end as query, "
      "array_to_json(c.reloptions) as options, c.relispopulated, am.amname, ts.spcname, "
      // Partitioning as the server prints it, read back by the schema parser.
      "case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end as partition_key, "
      "(select h.inhparent from pg_inherits h where h.inhrelid = c.oid and c.relispartition) "
      " as partition_parent, pg_get_expr(c.relpartbound, c.oid) as partition_bound, "
      // Table inheritance: the parents in INHERITS order.
      "(select json_agg(json_build_array(pn.nspname, p.relname) order by h.inhseqno) "
      " from pg_inherits h join pg_class p on p.oid = h.inhparent "
      " join pg_namespace pn on pn.oid = p.relnamespace "
      " where h.inhrelid = c.oid and not c.relispartition) as inherits, "
      // REPLICA IDENTITY and CLUSTER ON, with the index each names.
      "c.relreplident, (select ri.relname from pg_index i join pg_class ri on ri.oid = "
      " i.indexrelid where i.indrelid = c.oid and i.indisreplident) as replica_identity_index, "
      "(select ci.relname from pg_index i join pg_class ci on ci.oid = i.indexrelid "
      " where i.indrelid = c.oid and i.indisclustered) as cluster_on "
      "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
      "left join pg_am am on am.oid = c.relam "
      "left join pg_tablespace ts on ts.oid = c.reltablespace {} "
      "where {} and c.relkind in ('r', 'p', 'v', 'm') and {}",
      comment_join("d", "c.oid", "pg_class"), kInSchemas,
      not_extension_member("c.oid", "pg_class"));

  // Arrays are read through their element type; attndims keeps the declared dimensions.
  q.columns = fmt::format(
      "select a.attrelid, a.attnum, a.attname, a.attnotnull, a.attidentity, a.attgenerated, "
      "a.attndims, t.oid <> et.oid as is_array, format_type(et.oid, a.atttypmod) as type_name, "
      "et.typtype, etn.nspname as type_schema, et.typname, "
      "case when a.attcollation <> t.typcollation then co.collname end as collation, "
      "con.nspname as collation_schema, pg_get_expr(ad.adbin, ad.adrelid) as default_value, "
      "d.description, coalesce(a.attstattarget, -1) as statistics, "
      // Settings: a storage mode other than the type's own, the compression method, options.
      "case when a.attstorage <> t.typstorage then a.attstorage::text end as storage, "
      "case a.attcompression when 'p' then 'pglz' when 'l' then 'lz4' end as compression, "
      "array_to_json(a.attoptions) as attribute_options "
      "from pg_attribute a join pg_class c on c.oid = a.attrelid "
      "join pg_namespace n on n.oid = c.relnamespace "
      "join pg_type t on t.oid = a.atttypid "
      "join pg_type et on et.oid = case when t.typcategory = 'A' and t.typelem <> 0 "
      " then t.typelem else t.oid end "
      "join pg_namespace etn on etn.oid = et.typnamespace "
      "left join pg_collation co on co.oid = a.attcollation "
      "left join pg_namespace con on con.oid = co.collnamespace "
      "left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum {} "
      // A partition's or an inheriting table's inherited columns are its parents'.
      "where {} and c.relkind in ('r', 'p') and a.attislocal "
      "and a.attnum > 0 "
      "and not a.attisdropped order by a.attrelid, a.attnum",
      comment_join("d", "a.attrelid", "pg_class", "a.attnum"), kInSchemas);

  q.constraints = fmt::format(
      "select con.conrelid, con.conname, con.contype, "
      "(select json_agg(a.attname order by k.i) from unnest(con.conkey) with ordinality k(n, i) "
      " join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n) as columns, "
      "rn.nspname as ref_schema, rc.relname as ref_table, "
      "(select json_agg(a.attname order by k.i) from unnest(con.confkey) with ordinality k(n, i) "
      " join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n) as ref_columns, "
      "con.confupdtype, con.confdeltype, con.confmatchtype, con.condeferrable, con.condeferred, "
      "con.convalidated, "
      "con.connoinherit, pg_get_expr(con.conbin, con.conrelid) as expression, "
      "case when con.contype = 'u' then {} else false end as nulls_not_distinct, d.description, "
      "case when con.contype = 'x' then pg_get_constraintdef(con.oid) end as definition "
      "from pg_constraint con join pg_class c on c.oid = con.conrelid "
      "join pg_namespace n on n.oid = c.relnamespace "
      "left join pg_class rc on rc.oid = con.confrelid "
      "left join pg_namespace rn on rn.oid = rc.relnamespace "
      "left join pg_index i on i.indexrelid = con.conindid {} "
      "where {} and con.contype in ('p', 'u', 'f', 'c', 'x') and con.conparentid = 0 "
      // A partition's or an inheriting table's copies of its parents' checks are not its own.
      "and con.conislocal",
      nulls_not_distinct, comment_join("d", "con.oid", "pg_constraint"), kInSchemas);

  // Indexes that back a constraint are read with the constraint.
  q.indexes = fmt::format(
      "select i.indrelid, ic.relname, i.indisunique, i.indisvalid, am.amname, i.indnkeyatts, "
      "pg_get_expr(i.indpred, i.indrelid) as predicate, array_to_json(ic.reloptions) as options, "
      "{} as nulls_not_distinct, d.description, "
      "(select json_agg(json_build_object("
      "  'column', a.attname, 'definition', pg_get_indexdef(i.indexrelid, k.n, false), "
      "  'opclass', opc.opcname, 'opclass_schema', opcn.nspname, 'opclass_default', "
      "  opc.opcdefault, 'option', i.indoption[k.n - 1], 'collation', co.collname, "
      "  'collation_schema', con.nspname, 'inherited_collation', "
      "  coalesce(i.indcollation[k.n - 1] = coalesce(a.attcollation, 100), true) "
      "  or i.indcollation[k.n - 1] = 0) order by k.n) "
      " from generate_series(1, i.indnatts::int) k(n) "
      " left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[k.n - 1] "
      "  and i.indkey[k.n - 1] <> 0 "
      " left join pg_opclass opc on opc.oid = i.indclass[k.n - 1] "
      " left join pg_namespace opcn on opcn.oid = opc.opcnamespace "
      " left join pg_collation co on co.oid = i.indcollation[k.n - 1] "
      " left join pg_namespace con on con.oid = co.collnamespace) as keys "
      "from pg_index i join pg_class ic on ic.oid = i.indexrelid "
      "join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace "
      "join pg_am am on am.oid = ic.relam {} "
      "where {} and c.relkind in ('r', 'p', 'm') "
      // A partition's copy of an index on its parent is the parent's.
      "and not exists (select 1 from pg_inherits h where h.inhrelid = i.indexrelid) "
      "and not exists (select 1 from pg_constraint x "
      " where x.conindid = i.indexrelid and x.conrelid = i.indrelid "
      " and x.contype in ('p', 'u', 'x'))",
      nulls_not_distinct, comment_join("d", "i.indexrelid", "pg_class"), kInSchemas);

  q.policies = fmt::format(
      "select p.polrelid, p.polname, p.polpermissive, p.polcmd, "
      "(select json_agg(case when r.role = 0 then 'public' else pg_get_userbyid(r.role) end "
      " order by r.i) from unnest(p.polroles) with ordinality r(role, i)) as roles, "
      "pg_get_expr(p.polqual, p.polrelid) as using_expression, "
      "pg_get_expr(p.polwithcheck, p.polrelid) as with_check, d.description "
      "from pg_policy p join pg_class c on c.oid = p.polrelid "
      "join pg_namespace n on n.oid = c.relnamespace {} where {}",
      comment_join("d", "p.oid", "pg_policy"), kInSchemas);

  // Functions and procedures with a string body and no SET in pg_proc's columns: types as
  // format_type prints them (search_path public), as pg_get_functiondef would print them, and
  // the parameters' defaults as one list (pg_get_expr). The others (a SQL-standard body, SET)
  // as the server prints them, and aggregates as CREATE AGGREGATE built here from
  // pg_aggregate (the server prints none), read back by the schema parser's own readers
  // (`definition`). Ordered-set aggregates, those with a SORTOP, window functions and C
  // functions are left to pull's not-pulled report.
  q.functions = fmt::format(
      "select n.nspname, p.oid::regprocedure::text as signature, p.proname, p.prokind, "
      "case when p.prokind = 'a' then {} "
      " when p.proconfig is not null or {} then pg_get_functiondef(p.oid) end as definition, "
      "l.lanname, p.prosrc, p.provolatile, p.proisstrict, p.prosecdef, p.proleakproof, "
      "p.proparallel, p.procost, p.prorows, p.proretset, "
      "format_type(p.prorettype, null) as return_type, "
      "(select json_agg(format_type(t.oid, null) order by t.i) "
      " from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality t(oid, i)) "
      " as parameter_types, "
      "array_to_json(p.proargmodes) as parameter_modes, "
      "array_to_json(p.proargnames) as parameter_names, "
      "pg_get_expr(p.proargdefaults, 0) as parameter_defaults, d.description "
      "from pg_proc p join pg_namespace n on n.oid = p.pronamespace "
      "join pg_language l on l.oid = p.prolang "
      "left join pg_aggregate a on a.aggfnoid = p.oid {} "
      "where (p.prokind in ('f', 'p') and l.lanname not in ('c', 'internal') "
      " or p.prokind = 'a' and a.aggkind = 'n' and a.aggsortop = 0) and {} and {} "
      "order by n.nspname, p.proname, p.oid::regprocedure::text",
      aggregate_definition(),
      server_version >= 140000 ? "p.prosqlbody is not null" : "false",
      comment_join("d", "p.oid", "pg_proc"), kInSchemas, not_extension_member("p.oid", "pg_proc"));

  // User triggers: not the server's own (foreign keys), not the clones a partition gets.
  // Built from pg_trigger's columns as the parser would read pg_get_triggerdef: the function
  // named as the search_path (public) would print it, the server's own (pg_catalog) by their
  // schema, the arguments from tgargs (each ended by a zero byte); pg_get_triggerdef only for
  // a WHEN condition (inspect_database.cpp reads the condition out of it, or the whole
  // definition back through the schema parser).
  q.triggers = fmt::format(
      "select n.nspname, c.relname, t.tgname, t.tgtype, t.tgconstraint <> 0 as is_constraint, "
      "t.tgdeferrable, t.tginitdeferred, t.tgoldtable, t.tgnewtable, "
      "case when pn.nspname = 'pg_catalog' then pn.nspname "
      "when pg_function_is_visible(p.oid) then 'public' else pn.nspname end "
      "as function_schema, p.proname as function_name, "
      "(select json_agg(a.attname order by k.i) "
      " from unnest(t.tgattr::int2[]) with ordinality k(attnum, i) "
      " join pg_attribute a on a.attrelid = t.tgrelid and a.attnum = k.attnum) as update_columns, "
      "case when t.tgnargs > 0 then encode(t.tgargs, 'hex') end as arguments, "
      "case when t.tgqual is not null then pg_get_triggerdef(t.oid) end as definition, "
      "d.description "
      "from pg_trigger t join pg_class c on c.oid = t.tgrelid "
      "join pg_namespace n on n.oid = c.relnamespace "
      "join pg_proc p on p.oid = t.tgfoid join pg_namespace pn on pn.oid = p.pronamespace {} "
      "where not t.tgisinternal and t.tgparentid = 0 and c.relkind in ('r', 'p') and {} "
      "order by n.nspname, c.relname, t.tgname",
      comment_join("d", "t.oid", "pg_trigger"), kInSchemas);

  // Rules other than a view's own _RETURN, as pg_get_ruledef prints them (read back by the
  // schema parser); not those an extension made.
  q.rules = fmt::format(
      "select n.nspname, c.relname, r.rulename, pg_get_ruledef(r.oid) as definition, "
      "d.description "
      "from pg_rewrite r join pg_class c on c.oid = r.ev_class "
      "join pg_namespace n on n.oid = c.relnamespace {} "
      "where r.rulename <> '_RETURN' and {} and {} "
      "order by n.nspname, c.relname, r.rulename",
      comment_join("d", "r.oid", "pg_rewrite"), kInSchemas,
      not_extension_member("r.oid", "pg_rewrite"));

  // Extended statistics on the tables of the schemas (wherever the statistics object itself is
  // named): columns in stxkeys' order (by attribute number), expressions as the server prints
  // them (PostgreSQL 14 and later), the kinds asked for and the target (NULL for the default
  // from PostgreSQL 17).
  q.statistics = fmt::format(
      "select n.nspname, c.relname, sn.nspname as statistics_schema, s.stxname, "
      "coalesce((select json_agg(a.attname order by k.ord) "
      "from unnest(s.stxkeys::int2[]) with ordinality k(attnum, ord) "
      "join pg_attribute a on a.attrelid = s.stxrelid and a.attnum = k.attnum), '[]') as columns, "
      "{} as expressions, array_to_json(s.stxkind::text[]) as kinds, "
      "coalesce(s.stxstattarget, -1) as target, d.description "
      "from pg_statistic_ext s join pg_class c on c.oid = s.stxrelid "
      "join pg_namespace n on n.oid = c.relnamespace "
      "join pg_namespace sn on sn.oid = s.stxnamespace {} "
      "where c.relkind in ('r', 'p') and {} and {} "
      "order by n.nspname, c.relname, sn.nspname, s.stxname",
      server_version >= 140000
          ? "coalesce(array_to_json(pg_get_statisticsobjdef_expressions(s.oid)), '[]')"
          : "'[]'::json",
      comment_join("d", "s.oid", "pg_statistic_ext"), kInSchemas,
      not_extension_member("s.oid", "pg_statistic_ext"));

  // Event triggers belong to the database: a target holds those whose function is in one of its
  // schemas (so targets sharing a database each keep their own). Those an extension made are
  // its own.
  q.event_triggers = fmt::format(
      "select e.evtname, e.evtevent, e.evtenabled, "
      "coalesce(array_to_json(e.evttags), '[]') as tags, fn.nspname as function_schema, "
      "p.proname as function_name, d.description "
      "from pg_event_trigger e join pg_proc p on p.oid = e.evtfoid "
      "join pg_namespace fn on fn.oid = p.pronamespace {} "
      "where fn.nspname = any($1::text[]) and {} order by e.evtname",
      comment_join("d", "e.oid", "pg_event_trigger"),
      not_extension_member("e.oid", "pg_event_trigger"));

  // Collations: an ICU collation's locale is colliculocale from PostgreSQL 15 (colllocale from 17),
  // collcollate before.
  const char* icu_locale = server_version >= 170000   ? "c.colllocale"
                           : server_version >= 150000 ? "c.colliculocale"
                                                      : "c.collcollate";
  q.collations = fmt::format(
      "select n.nspname, c.collname, c.collprovider, c.collisdeterministic, c.collcollate, "
      "c.collctype, {} as icu_locale, d.description "
      "from pg_collation c join pg_namespace n on n.oid = c.collnamespace {} "
      "where {} and {} order by n.nspname, c.collname",
      icu_locale, comment_join("d", "c.oid", "pg_collation"), kInSchemas,
      not_extension_member("c.oid", "pg_collation"));

  q.roles =
      "select rolname, rolcreatedb, rolcreaterole, rolinherit from pg_roles "
      "where rolname !~ '^pg_' order by rolname";
  return q;
}

}  // namespace sleet::sources
