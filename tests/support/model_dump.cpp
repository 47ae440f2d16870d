#include "support/model_dump.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <vector>

namespace sleet::testing {

namespace {

std::string optional_text(const std::optional<std::string>& value) {
  return value ? "'" + *value + "'" : "-";
}

std::string expression(const std::optional<Expression>& value) {
  return value ? "{" + value->canonical + "}" : "-";
}

void dump_rules(const std::string& relation, const std::map<std::string, RewriteRule>& rules,
                std::vector<std::string>& lines) {
  for (const auto& [name, r] : rules) {
    std::vector<std::string> actions;
    for (const Expression& action : r.actions) actions.push_back(action.canonical);
    lines.push_back(fmt::format("{} rule {} on={} instead={} where={} actions={{{}}} comment={}",
                                relation, name, r.event, r.instead, expression(r.where),
                                fmt::join(actions, "; "), optional_text(r.comment)));
  }
}

std::string options(const SequenceOptions& o) {
  return fmt::format("{} inc={} min={} max={} start={} cache={} cycle={}", o.data_type, o.increment,
                     o.min_value, o.max_value, o.start, o.cache, o.cycle);
}

std::string storage(const std::map<std::string, std::string>& with) {
  std::vector<std::string> items;
  for (const auto& [key, value] : with) items.push_back(key + "=" + value);
  return fmt::format("{}", fmt::join(items, ", "));
}

std::string element(const IndexElement& e) {
  return fmt::format("{}{} opclass='{}' collation='{}' desc={} nulls_first={}", e.column,
                     e.expression ? expression(e.expression) : "", e.opclass, e.collation,
                     e.descending, e.nulls_first);
}

std::string type(const TypeName& t) {
  std::string brackets;
  for (int i = 0; i < t.array_dimensions; ++i) brackets += "[]";
  return (t.schema.empty() ? "" : t.schema + ".") + t.name + brackets;
}

void dump_indexes(const std::string& relation, const std::map<std::string, Index>& indexes,
                  std::vector<std::string>& lines) {
  for (const auto& [name, i] : indexes) {
    std::vector<std::string> elements;
    for (const IndexElement& e : i.elements) elements.push_back(element(e));
    lines.push_back(fmt::format(
        "{} index {} unique={} method={} [{}] include=({}) where={} with=({}) nnd={} comment={}{}",
        relation, name, i.unique, i.method, fmt::join(elements, "; "), fmt::join(i.include, ", "),
        expression(i.where), storage(i.with), i.nulls_not_distinct, optional_text(i.comment),
        i.valid ? "" : " INVALID"));
  }
}

void dump_table(const Table& table, std::vector<std::string>& lines) {
  std::string t = "table " + table.name.display();
  lines.push_back(fmt::format("{} rls={} force={} unlogged={} with=({}) partition_by='{}' "
                              "partition_of={} bound='{}' comment={}",
                              t, table.row_level_security, table.force_row_level_security,
                              table.unlogged, storage(table.with), table.partition_by,
                              table.partition_of ? table.partition_of->display() : "-",
                              table.partition_bound, optional_text(table.comment)));
  for (const QualifiedName& parent : table.inherits)
    lines.push_back(fmt::format("{} inherits {}", t, parent.display()));
  int position = 0;
  for (const Column& c : table.columns) {
    std::string identity = "-";
    if (c.identity) {
      identity = fmt::format("{} seq={} {}",
                             c.identity->kind == Identity::Kind::Always ? "always" : "by default",
                             c.identity->sequence.display(), options(c.identity->options));
    }
    lines.push_back(fmt::format(
        "{} column#{} {} type={} dims={} not_null={} default={} generated={} identity={} "
        "serial={} collation='{}' comment={}",
        t, position++, c.name, type(c.type), c.type.array_dimensions, c.not_null,
        expression(c.default_value), expression(c.generated), identity, static_cast<int>(c.serial),
        c.collation, optional_text(c.comment)));
    if (c.statistics != -1 || !c.storage.empty() || !c.compression.empty() || !c.options.empty()) {
      lines.push_back(
          fmt::format("{} column {} statistics={} storage='{}' compression='{}' "
                      "options=({})",
                      t, c.name, c.statistics, c.storage, c.compression, storage(c.options)));
    }
  }
  if (table.replica_identity != "default" || !table.cluster_on.empty()) {
    lines.push_back(fmt::format("{} replica identity={} index='{}' cluster on='{}'", t,
                                table.replica_identity, table.replica_identity_index,
                                table.cluster_on));
  }
  if (table.primary_key) {
    lines.push_back(fmt::format("{} primary key {} ({}) comment={}", t, table.primary_key->name,
                                fmt::join(table.primary_key->columns, ", "),
                                optional_text(table.primary_key->comment)));
  }
  for (const auto& [name, u] : table.unique_constraints) {
    lines.push_back(fmt::format("{} unique {} ({}) nnd={} deferrable={} deferred={} comment={}", t,
                                name, fmt::join(u.columns, ", "), u.nulls_not_distinct,
                                u.deferrable, u.initially_deferred, optional_text(u.comment)));
  }
  for (const auto& [name, f] : table.foreign_keys) {
    lines.push_back(fmt::format(
        "{} foreign key {} ({}) -> {} ({}) delete={} update={} match={} deferrable={} "
        "deferred={} comment={}{}",
        t, name, fmt::join(f.columns, ", "), f.references.display(),
        fmt::join(f.referenced_columns, ", "), f.on_delete, f.on_update, f.match, f.deferrable,
        f.initially_deferred, optional_text(f.comment), f.valid ? "" : " not_valid"));
  }
  for (const auto& [name, c] : table.check_constraints) {
    lines.push_back(fmt::format("{} check {} {{{}}} no_inherit={} comment={}{}", t, name,
                                c.expression.canonical, c.no_inherit, optional_text(c.comment),
                                c.valid ? "" : " not_valid"));
  }
  dump_indexes(t, table.indexes, lines);
  for (const auto& [name, x] : table.exclusion_constraints) {
    std::vector<std::string> elements;
    for (std::size_t k = 0; k < x.elements.size(); ++k) {
      elements.push_back(element(x.elements[k]) + " WITH " +
                         (k < x.operators.size() ? x.operators[k] : "?"));
    }
    lines.push_back(fmt::format(
        "{} exclusion {} method={} [{}] include=({}) where={} with=({}) deferrable={} "
        "deferred={} comment={}",
        t, name, x.method, fmt::join(elements, "; "), fmt::join(x.include, ", "),
        expression(x.where), storage(x.with), x.deferrable, x.initially_deferred,
        optional_text(x.comment)));
  }
  for (const auto& [name, g] : table.triggers) {
    lines.push_back(fmt::format(
        "{} trigger {} {} [{}] of=({}) row={} when={} function={} args=({}) constraint={} "
        "deferrable={} deferred={} old='{}' new='{}' comment={}",
        t, name, g.timing, fmt::join(g.events, ", "), fmt::join(g.update_columns, ", "),
        g.for_each_row, expression(g.when), g.function.display(), fmt::join(g.arguments, ", "),
        g.constraint, g.deferrable, g.initially_deferred, g.old_table, g.new_table,
        optional_text(g.comment)));
  }
  for (const auto& [name, p] : table.policies) {
    lines.push_back(fmt::format(
        "{} policy {} permissive={} command={} roles=({}) using={} check={} comment={}", t, name,
        p.permissive, p.command, fmt::join(p.roles, ", "), expression(p.using_expression),
        expression(p.with_check), optional_text(p.comment)));
  }
  dump_rules(t, table.rules, lines);
  for (const auto& [name, x] : table.statistics) {
    std::vector<std::string> expressions;
    for (const Expression& e : x.expressions) expressions.push_back(e.canonical);
    lines.push_back(
        fmt::format("{} statistics {} kinds=({}) columns=({}) expressions=({}) "
                    "target={} comment={}",
                    t, name.display(), fmt::join(x.kinds, ", "), fmt::join(x.columns, ", "),
                    fmt::join(expressions, "; "), x.target, optional_text(x.comment)));
  }
}

}  // namespace

std::string dump_model(const Schema& schema) {
  std::vector<std::string> lines;
  for (const auto& [name, n] : schema.namespaces)
    lines.push_back(fmt::format("schema {} comment={}", name, optional_text(n.comment)));
  for (const auto& [name, e] : schema.extensions)
    lines.push_back(
        fmt::format("extension {} schema='{}' version='{}'", name, e.schema, e.version));
  for (const auto& [name, e] : schema.enums) {
    lines.push_back(fmt::format("enum {} ({}) comment={}", name.display(),
                                fmt::join(e.values, ", "), optional_text(e.comment)));
  }
  for (const auto& [name, s] : schema.sequences) {
    lines.push_back(fmt::format("sequence {} {} owned_by={} comment={}", name.display(),
                                options(s.options), optional_text(s.owned_by),
                                optional_text(s.comment)));
  }
  for (const auto& [name, d] : schema.domains) {
    std::vector<std::string> checks;
    for (const auto& [key, c] : d.constraints) checks.push_back(key + " {" + c.expression.canonical + "}");
    lines.push_back(fmt::format("domain {} base={} default={} not_null={} collation='{}' "
                                "checks=({}) comment={}",
                                name.display(), type(d.base_type), expression(d.default_value),
                                d.not_null, d.collation, fmt::join(checks, "; "),
                                optional_text(d.comment)));
  }
  for (const auto& [name, c] : schema.composite_types) {
    std::vector<std::string> attributes;
    for (const CompositeAttribute& a : c.attributes) {
      attributes.push_back(fmt::format("{} {} collation='{}' comment={}", a.name, type(a.type),
                                       a.collation, optional_text(a.comment)));
    }
    lines.push_back(fmt::format("composite type {} ({}) comment={}", name.display(),
                                fmt::join(attributes, "; "), optional_text(c.comment)));
  }
  for (const auto& [name, c] : schema.collations) {
    lines.push_back(
        fmt::format("collation {} provider={} locale='{}' collate='{}' ctype='{}' "
                    "deterministic={} comment={}",
                    name.display(), c.provider, c.locale, c.lc_collate, c.lc_ctype, c.deterministic,
                    optional_text(c.comment)));
  }
  for (const auto& [name, r] : schema.range_types) {
    lines.push_back(fmt::format(
        "range type {} subtype={} opclass='{}' collation='{}' canonical='{}' diff='{}' "
        "multirange='{}' comment={}",
        name.display(), type(r.subtype), r.subtype_opclass, r.collation, r.canonical,
        r.subtype_diff, r.multirange_name, optional_text(r.comment)));
  }
  for (const auto& [grant, state] : schema.grants) {
    lines.push_back(fmt::format("grant {} {}.{} column='{}' to={} {} option={} revoked={}",
                                grant.object_kind, grant.schema, grant.name, grant.column,
                                grant.grantee, grant.privilege, state.grant_option,
                                state.revoked));
  }
  for (const auto& [privilege, state] : schema.default_privileges) {
    lines.push_back(fmt::format(
        "default privilege role='{}' schema='{}' on={} to={} {} option={} revoked={}",
        privilege.role, privilege.schema, privilege.object_kind, privilege.grantee,
        privilege.privilege, state.grant_option, state.revoked));
  }
  for (const auto& [name, f] : schema.functions) {
    std::vector<std::string> parameters;
    for (const FunctionParameter& p : f.parameters) {
      parameters.push_back(fmt::format("{} {} {} default={}", p.mode, p.name, type(p.type),
                                       expression(p.default_value)));
    }
    lines.push_back(fmt::format(
        "function {} procedure={} ({}) returns={} setof={} language={} volatility={} strict={} "
        "definer={} leakproof={} parallel={} cost={} rows={} config=({}) atomic={} comment={} "
        "body={{{}}}",
        name.display(), f.procedure, fmt::join(parameters, "; "), type(f.returns), f.returns_set,
        f.language, f.volatility, f.strict, f.security_definer, f.leakproof, f.parallel, f.cost,
        f.rows, fmt::join(f.config, ", "), f.sql_standard_body, optional_text(f.comment),
        f.body));
  }
  for (const auto& [name, table] : schema.tables) dump_table(table, lines);
  for (const auto& [name, v] : schema.views) {
    std::vector<std::string> with;
    for (const auto& [key, value] : v.with) with.push_back(key + "=" + value);
    lines.push_back(
        fmt::format("view {} materialized={} columns=({}) with=({}) check_option='{}' no_data={} "
                    "method='{}' tablespace='{}' comment={} query={{{}}}",
                    name.display(), v.materialized, fmt::join(v.column_names, ", "),
                    fmt::join(with, ", "), v.check_option, v.with_no_data, v.access_method,
                    v.tablespace, optional_text(v.comment), v.query.canonical));
    dump_rules("view " + name.display(), v.rules, lines);
    dump_indexes("view " + name.display(), v.indexes, lines);
  }
  for (const auto& [name, e] : schema.event_triggers) {
    lines.push_back(fmt::format("event trigger {} on={} tags=({}) function={} {} comment={}", name,
                                e.event, fmt::join(e.tags, ", "), e.function.display(), e.enabled,
                                optional_text(e.comment)));
  }
  for (const auto& [name, r] : schema.roles) {
    lines.push_back(fmt::format("role {} createdb={} createrole={} inherit={}", name, r.create_db,
                                r.create_role, r.inherit));
  }
  return fmt::format("{}\n", fmt::join(lines, "\n"));
}

std::string diff_dumps(const std::string& expected, const std::string& actual) {
  auto split = [](const std::string& text) {
    std::multiset<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.insert(line);
    return lines;
  };
  std::multiset<std::string> a = split(expected);
  std::multiset<std::string> b = split(actual);
  std::vector<std::string> only_a, only_b;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only_a));
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(only_b));
  std::string out;
  for (const std::string& line : only_a) out += "- " + line + "\n";
  for (const std::string& line : only_b) out += "+ " + line + "\n";
  return out;
}

}  // namespace sleet::testing
