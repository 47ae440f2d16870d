#include "support/catalog_fingerprint.h"

#include <algorithm>
#include <regex>

namespace sleet::testing {

namespace {

// $1: schemas to leave out, $2: role names, both text arrays.
constexpr const char* kCatalogQuery = R"SQL(
with ns as (
  select oid, nspname from pg_namespace
  where nspname not in ('pg_catalog', 'information_schema') and nspname not like 'pg\_toast%'
    and nspname not like 'pg\_temp%' and nspname <> all($1::text[])
), rel as (
  select c.oid, c.relkind, format('%I.%I', ns.nspname, c.relname) as qname, c.relrowsecurity,
         c.relforcerowsecurity, c.reloptions, c.relispopulated, c.relpersistence
  from pg_class c join ns on ns.oid = c.relnamespace
), owner as (
  -- sequences owned by a column: serial (deptype a) and identity (deptype i)
  select d.objid as seq, format('%s.%I', r.qname, a.attname) as owner_column, d.deptype
  from pg_depend d
  join rel r on r.oid = d.refobjid
  join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
  where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass
    and d.deptype in ('a', 'i') and d.refobjsubid > 0
)
select format('schema %I comment=%s', nspname, coalesce(obj_description(oid, 'pg_namespace'), '-'))
  from ns
union all
select format('extension %I schema=%I', e.extname, n.nspname)
  from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname <> 'plpgsql'
union all
select format('relation %s kind=%s persistence=%s rls=%s force=%s options=%s populated=%s comment=%s',
              qname, relkind, relpersistence, relrowsecurity, relforcerowsecurity,
              -- storage parameters in any order, off/no and on/yes as false and true: the catalog
              -- keeps them as written, and sleet writes booleans as false and true
              coalesce((select array_agg(regexp_replace(regexp_replace(o, '=(off|no)$', '=false'), '=(on|yes)$', '=true') order by o) from unnest(reloptions) o)::text, '-'),
              case when relkind = 'm' then relispopulated::text else '-' end,
              coalesce(obj_description(oid, 'pg_class'), '-'))
  from rel where relkind in ('r', 'p', 'v', 'm', 'f')
union all
select format('partitioning %s key=%s of=%s bound=%s', r.qname,
              coalesce(pg_get_partkeydef(r.oid), '-'),
              coalesce((select p.qname from pg_inherits i join rel p on p.oid = i.inhparent
                        where i.inhrelid = r.oid and c.relispartition), '-'),
              coalesce(pg_get_expr(c.relpartbound, c.oid), '-'))
  from rel r join pg_class c on c.oid = r.oid
  where r.relkind in ('r', 'p') and (r.relkind = 'p' or c.relispartition)
union all
-- table inheritance: the parents in order, and what each child holds as its own (attislocal,
-- conislocal) beside what it inherits
select format('inherits %s %s', r.qname,
              (select string_agg(p.qname, ', ' order by i.inhseqno)
                 from pg_inherits i join rel p on p.oid = i.inhparent where i.inhrelid = r.oid))
  from rel r join pg_class c on c.oid = r.oid
  where r.relkind = 'r' and not c.relispartition
    and exists (select 1 from pg_inherits i where i.inhrelid = r.oid)
union all
select format('inherited column %s.%I local=%s inhcount=%s', r.qname, a.attname, a.attislocal,
              a.attinhcount)
  from rel r join pg_class c on c.oid = r.oid
  join pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
  where r.relkind = 'r' and not c.relispartition and a.attinhcount > 0
union all
select format('inherited constraint %s %I local=%s inhcount=%s noinherit=%s', r.qname, con.conname,
              con.conislocal, con.coninhcount, con.connoinherit)
  from pg_constraint con join rel r on r.oid = con.conrelid join pg_class c on c.oid = r.oid
  where not c.relispartition and con.contype = 'c' and (con.coninhcount > 0 or con.connoinherit)
union all
select format('column %s.%I %s notnull=%s default=%s identity=%s generated=%s collation=%s comment=%s',
              r.qname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
              coalesce(case when a.attgenerated = '' then
                case when o.seq is not null then
                  regexp_replace(pg_get_expr(ad.adbin, ad.adrelid), '^nextval\(''.*''::regclass\)$',
                                 'nextval(owned)')
                else pg_get_expr(ad.adbin, ad.adrelid)
                end end, '-'),
              coalesce(nullif(a.attidentity::text, ''), '-'),
              coalesce(case when a.attgenerated <> '' then pg_get_expr(ad.adbin, ad.adrelid) end, '-'),
              case when a.attcollation <> t.typcollation then coll.collname else '-' end,
              coalesce(col_description(a.attrelid, a.attnum), '-'))
  from rel r
  join pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
  join pg_type t on t.oid = a.atttypid
  left join pg_collation coll on coll.oid = a.attcollation
  left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
  left join (select seq, owner_column from owner where deptype = 'a') o
    on o.owner_column = format('%s.%I', r.qname, a.attname)
  where r.relkind in ('r', 'p', 'v', 'm', 'f', 'c')
union all
-- settings pg_dump writes after CREATE TABLE: a column's statistics target, storage mode other
-- than its type's, compression and options; a table's replica identity; the index clustered on
select format('column setting %s.%I statistics=%s storage=%s compression=%s options=%s',
              r.qname, a.attname, a.attstattarget,
              case when a.attstorage <> t.typstorage then a.attstorage::text else '-' end,
              coalesce(nullif(a.attcompression::text, ''), '-'),
              coalesce((select array_agg(o order by o) from unnest(a.attoptions) o
                        where o not like 'pg\_attver=%')::text, '-'))
  from rel r
  join pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
  join pg_type t on t.oid = a.atttypid
  where r.relkind in ('r', 'p') and (a.attstattarget <> -1 or a.attstorage <> t.typstorage
    or a.attcompression <> ''
    -- this server build keeps a version stamp of its own among every column's options
    or exists (select 1 from unnest(a.attoptions) o where o not like 'pg\_attver=%'))
union all
select format('replica identity %s %s %s', r.qname, c.relreplident,
              coalesce((select ic.relname from pg_index i join pg_class ic on ic.oid = i.indexrelid
                        where i.indrelid = r.oid and i.indisreplident), '-'))
  from rel r join pg_class c on c.oid = r.oid
  where r.relkind in ('r', 'p') and c.relreplident <> 'd'
union all
select format('clustered %s on %I', r.qname, ic.relname)
  from pg_index i join rel r on r.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid
  where i.indisclustered
union all
select format('constraint %s %I %s comment=%s', r.qname, con.conname, pg_get_constraintdef(con.oid),
              coalesce(obj_description(con.oid, 'pg_constraint'), '-'))
  from pg_constraint con join rel r on r.oid = con.conrelid
union all
select format('index %s comment=%s', pg_get_indexdef(i.indexrelid),
              coalesce(obj_description(i.indexrelid, 'pg_class'), '-'))
  from pg_index i join rel r on r.oid = i.indrelid
union all
select format('enum %I.%I %s comment=%s', ns.nspname, t.typname,
              (select string_agg(quote_literal(enumlabel), ',' order by enumsortorder)
                 from pg_enum where enumtypid = t.oid),
              coalesce(obj_description(t.oid, 'pg_type'), '-'))
  from pg_type t join ns on ns.oid = t.typnamespace where t.typtype = 'e'
union all
select format('sequence %s type=%s start=%s increment=%s min=%s max=%s cache=%s cycle=%s comment=%s',
              coalesce('owned by ' || o.owner_column || ' (' || o.deptype::text || ')', r.qname),
              s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,
              s.seqcycle, coalesce(obj_description(r.oid, 'pg_class'), '-'))
  from pg_sequence s join rel r on r.oid = s.seqrelid left join owner o on o.seq = s.seqrelid
union all
select format('view %s %s', r.qname, pg_get_viewdef(r.oid))
  from rel r where r.relkind in ('v', 'm')
union all
select format('policy %s %I permissive=%s roles=%s command=%s using=%s check=%s comment=%s',
              r.qname, p.polname, p.polpermissive,
              (select string_agg(n, ',' order by n)
                 from (select case when x = 0 then 'public' else quote_ident(x::regrole::text) end
                         from unnest(p.polroles) x) roles(n)),
              p.polcmd, coalesce(pg_get_expr(p.polqual, p.polrelid), '-'),
              coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '-'),
              coalesce(obj_description(p.oid, 'pg_policy'), '-'))
  from pg_policy p join rel r on r.oid = p.polrelid
union all
select format('function %s comment=%s', pg_get_functiondef(p.oid),
              coalesce(obj_description(p.oid, 'pg_proc'), '-'))
  from pg_proc p join ns on ns.oid = p.pronamespace
  where p.prokind in ('f', 'p')
    and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass
                    and d.objid = p.oid and d.deptype in ('e', 'i'))
union all
select format('aggregate %s kind=%s direct=%s sfunc=%s stype=%s sspace=%s final=%s extra=%s '
              'modify=%s combine=%s serial=%s deserial=%s init=%s msfunc=%s minv=%s mstype=%s '
              'msspace=%s mfinal=%s mextra=%s mmodify=%s minit=%s sortop=%s parallel=%s '
              'result=%s comment=%s',
              p.oid::regprocedure, a.aggkind, a.aggnumdirectargs, a.aggtransfn::regprocedure,
              format_type(a.aggtranstype, null), a.aggtransspace, a.aggfinalfn::regprocedure,
              a.aggfinalextra, a.aggfinalmodify, a.aggcombinefn::regprocedure,
              a.aggserialfn::regprocedure, a.aggdeserialfn::regprocedure,
              coalesce(a.agginitval, '-'), a.aggmtransfn::regprocedure,
              a.aggminvtransfn::regprocedure, format_type(nullif(a.aggmtranstype, 0), null),
              a.aggmtransspace, a.aggmfinalfn::regprocedure, a.aggmfinalextra,
              a.aggmfinalmodify, coalesce(a.aggminitval, '-'), a.aggsortop::regoperator,
              p.proparallel, format_type(p.prorettype, null),
              coalesce(obj_description(p.oid, 'pg_proc'), '-'))
  from pg_proc p join ns on ns.oid = p.pronamespace join pg_aggregate a on a.aggfnoid = p.oid
union all
select format('domain %I.%I type=%s collation=%s notnull=%s default=%s checks=%s comment=%s',
              ns.nspname, t.typname, format_type(t.typbasetype, t.typtypmod),
              case when t.typcollation <> bt.typcollation then co.collname else '-' end,
              t.typnotnull, coalesce(pg_get_expr(t.typdefaultbin, 0), '-'),
              coalesce((select string_agg(format('%I %s', c.conname, pg_get_constraintdef(c.oid)),
                                          ', ' order by c.conname)
                          from pg_constraint c where c.contypid = t.oid), '-'),
              coalesce(obj_description(t.oid, 'pg_type'), '-'))
  from pg_type t join ns on ns.oid = t.typnamespace join pg_type bt on bt.oid = t.typbasetype
  left join pg_collation co on co.oid = t.typcollation
  where t.typtype = 'd'
union all
select format('collation %I.%I provider=%s deterministic=%s collate=%s ctype=%s comment=%s',
              ns.nspname, co.collname, co.collprovider, co.collisdeterministic,
              coalesce(co.collcollate, '-'), coalesce(co.collctype, '-'),
              coalesce(obj_description(co.oid, 'pg_collation'), '-'))
  from pg_collation co join ns on ns.oid = co.collnamespace
union all
select format('composite type %I.%I comment=%s', ns.nspname, t.typname,
              coalesce(obj_description(t.oid, 'pg_type'), '-'))
  from pg_type t join ns on ns.oid = t.typnamespace join pg_class c on c.oid = t.typrelid
  where t.typtype = 'c' and c.relkind = 'c'
union all
select format('range type %I.%I subtype=%s opclass=%s collation=%s canonical=%s diff=%s multirange=%s comment=%s',
              ns.nspname, t.typname, format_type(r.rngsubtype, null), (select opcname from pg_opclass where oid = r.rngsubopc),
              coalesce(co.collname, '-'), r.rngcanonical::regproc, r.rngsubdiff::regproc,
              r.rngmultitypid::regtype, coalesce(obj_description(t.oid, 'pg_type'), '-'))
  from pg_range r join pg_type t on t.oid = r.rngtypid join ns on ns.oid = t.typnamespace
  left join pg_collation co on co.oid = r.rngcollation
union all
select format('trigger %s comment=%s', pg_get_triggerdef(t.oid),
              coalesce(obj_description(t.oid, 'pg_trigger'), '-'))
  from pg_trigger t join rel r on r.oid = t.tgrelid where not t.tgisinternal
union all
select format('rule %s enabled=%s comment=%s', pg_get_ruledef(w.oid, true), w.ev_enabled,
              coalesce(obj_description(w.oid, 'pg_rewrite'), '-'))
  from pg_rewrite w join rel r on r.oid = w.ev_class where w.rulename <> '_RETURN'
union all
select format('statistics %I.%I %s target=%s comment=%s', ns.nspname, x.stxname,
              pg_get_statisticsobjdef_columns(x.oid), x.stxstattarget,
              coalesce(obj_description(x.oid, 'pg_statistic_ext'), '-'))
  || format(' kinds=%s on=%s', x.stxkind::text, r.qname)
  from pg_statistic_ext x join ns on ns.oid = x.stxnamespace join rel r on r.oid = x.stxrelid
union all
select format('event trigger %I on %s tags=%s function=%s enabled=%s comment=%s', e.evtname,
              e.evtevent, coalesce(e.evttags::text, '-'), e.evtfoid::regprocedure, e.evtenabled,
              coalesce(obj_description(e.oid, 'pg_event_trigger'), '-'))
  from pg_event_trigger e
union all
-- privileges of the case's roles, the shared roles and (functions, types) PUBLIC; not owners'
select format('acl %s %s %s %s%s', a.what, a.obj, coalesce(g.rolname, 'PUBLIC'), x.privilege_type,
              case when x.is_grantable then ' grantable' else '' end)
  from (select 'relation' as what, r.qname as obj, c.relacl as acl, c.relowner as owner
          from rel r join pg_class c on c.oid = r.oid
        union all
        select 'column', format('%s.%I', r.qname, at.attname), at.attacl, c.relowner
          from rel r join pg_class c on c.oid = r.oid
          join pg_attribute at on at.attrelid = r.oid and at.attnum > 0 and not at.attisdropped
        union all
        select 'schema', format('%I', nspname), n.nspacl, n.nspowner
          from pg_namespace n where n.oid in (select oid from ns)
        union all
        select 'function', p.oid::regprocedure::text,
               coalesce(p.proacl, acldefault('f', p.proowner)), p.proowner
          from pg_proc p join ns on ns.oid = p.pronamespace where p.prokind in ('f', 'p', 'a')
        union all
        select 'type', format('%I.%I', ns.nspname, t.typname),
               coalesce(t.typacl, acldefault('T', t.typowner)), t.typowner
          from pg_type t join ns on ns.oid = t.typnamespace where t.typtype in ('e', 'd')) a
  cross join lateral aclexplode(a.acl) x
  left join pg_roles g on g.oid = x.grantee
  where a.acl is not null and x.grantee <> a.owner
    and (g.rolname = any($2::text[]) or g.rolname in ('app_user', 'app_admin', 'auditor')
         or (x.grantee = 0 and a.what in ('function', 'type')))
union all
-- default privileges of the database (global, and of the schemas compared)
select format('default acl %s %s %s %s %s%s', r.rolname, coalesce(n.nspname, '-'),
              d.defaclobjtype, coalesce(g.rolname, 'PUBLIC'), x.privilege_type,
              case when x.is_grantable then ' grantable' else '' end)
  from pg_default_acl d join pg_roles r on r.oid = d.defaclrole
  left join pg_namespace n on n.oid = d.defaclnamespace
  cross join lateral aclexplode(d.defaclacl) x left join pg_roles g on g.oid = x.grantee
  where d.defaclnamespace = 0 or d.defaclnamespace in (select oid from ns)
union all
select format('role %I createdb=%s createrole=%s inherit=%s', rolname, rolcreatedb, rolcreaterole,
              rolinherit)
  from pg_roles where rolname = any($2::text[])
)SQL";

std::string array_literal(const std::vector<std::string>& values) {
  std::string text = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) text += ',';
    text += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') text += '\\';
      text += c;
    }
    text += '"';
  }
  return text + "}";
}

}  // namespace

std::vector<std::string> catalog_lines(TestCluster& cluster, const std::string& database,
                                       const std::vector<std::string>& roles,
                                       const std::vector<std::string>& excluded_schemas) {
  db::Connection connection = cluster.connect(database);
  db::Result result =
      connection.query(kCatalogQuery, array_literal(excluded_schemas), array_literal(roles));
  std::vector<std::string> lines;
  for (int row = 0; row < result.rows(); ++row) lines.emplace_back(result.value(row, 0));
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::string catalog_fingerprint(TestCluster& cluster, const std::string& database,
                                const std::vector<std::string>& roles,
                                const std::vector<std::string>& excluded_schemas) {
  std::string text;
  for (const auto& line : catalog_lines(cluster, database, roles, excluded_schemas)) {
    text += line;
    text += '\n';
  }
  return text;
}

std::vector<std::string> moments_unstamped(std::vector<std::string> lines) {
  static const std::regex moment(
      R"('([0-9]{4}-[0-9]{2}-[0-9]{2}) [0-9:.]+(\+00)?'::(timestamp|time))");
  for (std::string& line : lines) line = std::regex_replace(line, moment, "'$1 <time>'::$3");
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::string catalog_difference(const std::vector<std::string>& expected,
                               const std::vector<std::string>& actual) {
  std::vector<std::string> missing, extra;
  std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                      std::back_inserter(missing));
  std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(),
                      std::back_inserter(extra));
  std::string text;
  for (const auto& line : missing) text += "- " + line + "\n";
  for (const auto& line : extra) text += "+ " + line + "\n";
  return text;
}

}  // namespace sleet::testing
