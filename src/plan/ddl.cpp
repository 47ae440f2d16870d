#include "sleet/ddl.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

#include "plan/plan_internal.h"
#include "sleet/diff.h"
#include "sleet/error.h"
#include "sleet/sql.h"

namespace sleet::ddl {

namespace {

using sql::quote_identifier;
using sql::quote_literal;

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += quote_identifier(name);
  }
  return out;
}

std::string options_list(const std::map<std::string, std::string>& options) {
  std::string out;
  for (const auto& [key, value] : options) {
    if (!out.empty()) out += ", ";
    out += key + "=" + value;
  }
  return out;
}

std::string serial_type(const Column& column) {
  switch (column.serial) {
    case Serial::SmallSerial:
      return "smallserial";
    case Serial::Serial:
      return "serial";
    case Serial::BigSerial:
      return "bigserial";
    case Serial::None:
      break;
  }
  return column.type.sql();
}

// Sequence options that differ from what PostgreSQL would choose for `defaults`.
std::string sequence_options(const SequenceOptions& options, const SequenceOptions& defaults) {
  std::vector<std::string> parts;
  if (options.increment != defaults.increment) {
    parts.push_back(fmt::format("INCREMENT BY {}", options.increment));
  }
  // Min, max and start defaults depend on the increment's sign.
  SequenceOptions base = SequenceOptions::defaults_for(options.data_type, options.increment);
  if (options.min_value != base.min_value) {
    parts.push_back(fmt::format("MINVALUE {}", options.min_value));
  }
  if (options.max_value != base.max_value) {
    parts.push_back(fmt::format("MAXVALUE {}", options.max_value));
  }
  int64_t default_start = options.increment > 0 ? options.min_value : options.max_value;
  if (options.start != default_start) parts.push_back(fmt::format("START WITH {}", options.start));
  if (options.cache != 1) parts.push_back(fmt::format("CACHE {}", options.cache));
  if (options.cycle) parts.push_back("CYCLE");
  return fmt::format("{}", fmt::join(parts, " "));
}

std::string deferrable_clause(bool deferrable, bool initially_deferred) {
  if (!deferrable) return "";
  return initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
}

std::string role_name(const std::string& role) {
  if (role == "public") return "PUBLIC";
  if (role == "current_user" || role == "current_role" || role == "session_user") {
    std::string upper;
    for (char c : role) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return upper;
  }
  return quote_identifier(role);
}

std::string index_element(const IndexElement& element) {
  // The canonical text: a drizzle-kit snapshot's key may be a fragment that is not one
  // expression ("(payload::jsonb) jsonb_path_ops"), which the canonical text has reduced to one.
  std::string out = element.expression ? "(" + element.expression->canonical + ")"
                                       : quote_identifier(element.column);
  if (!element.collation.empty()) out += " COLLATE " + collation_reference(element.collation);
  if (!element.opclass.empty()) out += " " + element.opclass;
  if (element.descending) out += " DESC";
  if (element.nulls_first != element.descending) {
    out += element.nulls_first ? " NULLS FIRST" : " NULLS LAST";
  }
  return out;
}

void add_comment(std::vector<std::string>& out, const std::optional<std::string>& comment,
                 const std::string& target) {
  if (comment) out.push_back(fmt::format("COMMENT ON {} IS {}", target, quote_literal(*comment)));
}

// Views ordered so that a view comes after every view it reads.
std::vector<const View*> views_in_dependency_order(const Schema& schema) {
  std::vector<const View*> ordered;
  std::map<QualifiedName, int> state;  // 0 unvisited, 1 in progress, 2 done
  std::function<void(const View&)> visit = [&](const View& view) {
    int& mark = state[view.name];
    if (mark != 0) return;  // done, or a cycle PostgreSQL would reject anyway
    mark = 1;
    for (const auto& [ref_schema, ref_name] : sql::referenced_relations(view.query.canonical)) {
      QualifiedName ref{ref_schema.empty() ? "public" : ref_schema, ref_name};
      auto it = schema.views.find(ref);
      if (it != schema.views.end()) visit(it->second);
    }
    state[view.name] = 2;
    ordered.push_back(&view);
  };
  for (const auto& [name, view] : schema.views) visit(view);
  return ordered;
}

}  // namespace

std::string qualified(const QualifiedName& name) {
  return quote_identifier(name.schema) + "." + quote_identifier(name.name);
}

std::string identity_clause(const QualifiedName& table, const Column& column) {
  const Identity& identity = *column.identity;
  std::string out = identity.kind == Identity::Kind::Always ? "GENERATED ALWAYS AS IDENTITY"
                                                            : "GENERATED BY DEFAULT AS IDENTITY";
  std::vector<std::string> parts;
  if (identity.sequence != serial_sequence(table, column.name)) {
    parts.push_back("SEQUENCE NAME " + qualified(identity.sequence));
  }
  std::string options =
      sequence_options(identity.options, SequenceOptions::defaults_for(identity.options.data_type));
  if (!options.empty()) parts.push_back(options);
  if (!parts.empty()) out += fmt::format(" ({})", fmt::join(parts, " "));
  return out;
}

std::string primary_key_clause(const PrimaryKey& key) {
  return fmt::format("CONSTRAINT {} PRIMARY KEY ({}){}", quote_identifier(key.name),
                     quoted_list(key.columns),
                     deferrable_clause(key.deferrable, key.initially_deferred));
}

std::string unique_clause(const UniqueConstraint& unique) {
  return fmt::format("CONSTRAINT {} UNIQUE{} ({}){}", quote_identifier(unique.name),
                     unique.nulls_not_distinct ? " NULLS NOT DISTINCT" : "",
                     quoted_list(unique.columns),
                     deferrable_clause(unique.deferrable, unique.initially_deferred));
}

std::string check_clause(const CheckConstraint& check) {
  return fmt::format("CONSTRAINT {} CHECK ({}){}", quote_identifier(check.name),
                     check.expression.written(), check.no_inherit ? " NO INHERIT" : "") +
         (check.valid ? "" : " NOT VALID");
}

std::string exclusion_clause(const ExclusionConstraint& exclusion) {
  std::vector<std::string> elements;
  for (size_t i = 0; i < exclusion.elements.size(); ++i) {
    const std::string& op = i < exclusion.operators.size() ? exclusion.operators[i] : "=";
    // A schema-qualified operator needs the OPERATOR() syntax.
    elements.push_back(index_element(exclusion.elements[i]) + " WITH " +
                       (op.find('.') == std::string::npos ? op : "OPERATOR(" + op + ")"));
  }
  std::string out =
      fmt::format("CONSTRAINT {} EXCLUDE USING {} ({})", quote_identifier(exclusion.name),
                  exclusion.method, fmt::join(elements, ", "));
  if (!exclusion.include.empty()) out += " INCLUDE (" + quoted_list(exclusion.include) + ")";
  if (!exclusion.with.empty()) out += " WITH (" + options_list(exclusion.with) + ")";
  if (exclusion.where) out += " WHERE (" + exclusion.where->written() + ")";
  return out + deferrable_clause(exclusion.deferrable, exclusion.initially_deferred);
}

std::string storage_parameters(const std::map<std::string, std::string>& parameters) {
  return options_list(parameters);
}

std::string column_definition(const QualifiedName& table, const Column& column) {
  std::string out = quote_identifier(column.name) + " " + serial_type(column);
  if (!column.collation.empty()) out += " COLLATE " + collation_reference(column.collation);
  if (column.identity) out += " " + identity_clause(table, column);
  if (column.default_value) out += " DEFAULT " + column.default_value->written();
  if (column.generated) {
    out += " GENERATED ALWAYS AS (" + column.generated->written() + ") STORED";
  }
  if (column.not_null) out += " NOT NULL";
  return out;
}

std::string create_namespace(const Namespace& ns) {
  return "CREATE SCHEMA " + quote_identifier(ns.name);
}

std::string create_extension(const Extension& extension) {
  std::string out = "CREATE EXTENSION IF NOT EXISTS " + quote_identifier(extension.name);
  if (!extension.schema.empty()) out += " SCHEMA " + quote_identifier(extension.schema);
  if (!extension.version.empty()) out += " VERSION " + quote_literal(extension.version);
  return out;
}

std::string create_enum(const Enum& type) {
  std::vector<std::string> values;
  for (const auto& value : type.values) values.push_back(quote_literal(value));
  return fmt::format("CREATE TYPE {} AS ENUM ({})", qualified(type.name), fmt::join(values, ", "));
}

std::string create_sequence(const Sequence& sequence) {
  std::string out = "CREATE SEQUENCE " + qualified(sequence.name);
  if (sequence.options.data_type != "bigint") out += " AS " + sequence.options.data_type;
  std::string options =
      sequence_options(sequence.options, SequenceOptions::defaults_for(sequence.options.data_type));
  if (!options.empty()) out += " " + options;
  return out;
}

std::string create_role(const Role& role) {
  std::string out = "CREATE ROLE " + quote_identifier(role.name);
  if (role.create_db) out += " CREATEDB";
  if (role.create_role) out += " CREATEROLE";
  if (!role.inherit) out += " NOINHERIT";
  return out;
}

std::string create_collation(const Collation& collation) {
  std::string out =
      "CREATE COLLATION " + qualified(collation.name) + " (provider = " + collation.provider;
  if (collation.provider == "icu") {
    out += ", locale = " + quote_literal(collation.locale);
  } else if (collation.lc_collate == collation.lc_ctype) {
    out += ", locale = " + quote_literal(collation.lc_collate);
  } else {
    out += ", lc_collate = " + quote_literal(collation.lc_collate) +
           ", lc_ctype = " + quote_literal(collation.lc_ctype);
  }
  if (!collation.deterministic) out += ", deterministic = false";
  return out + ")";
}

namespace {

// Whether `suffix` (after the dot of "en_US.utf8") names an encoding, as a libc locale's does.
bool is_encoding_suffix(std::string suffix) {
  std::string plain;
  for (char c : suffix)
    if (c != '-' && c != '_')
      plain += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* prefix : {"utf8", "iso8859", "euc", "koi8", "cp", "gb", "big5", "latin", "ascii",
                             "ansi", "sjis", "windows", "tis620"}) {
    if (plain.starts_with(prefix)) return true;
  }
  return false;
}

}  // namespace

std::string collation_reference(const std::string& collation) {
  auto dot = collation.find('.');
  if (dot == std::string::npos || is_encoding_suffix(collation.substr(dot + 1)))
    return quote_identifier(collation);
  return quote_identifier(collation.substr(0, dot)) + "." +
         quote_identifier(collation.substr(dot + 1));
}

std::string create_table(const Table& table) {
  std::vector<std::string> lines;
  for (const auto& column : table.columns) {
    lines.push_back(column_definition(table.name, column));
  }
  if (table.primary_key) lines.push_back(primary_key_clause(*table.primary_key));
  for (const auto& [name, unique] : table.unique_constraints)
    lines.push_back(unique_clause(unique));
  for (const auto& [name, check] : table.check_constraints) {
    // The server ignores NOT VALID in CREATE TABLE: such a check is added after the table.
    if (check.valid) lines.push_back(check_clause(check));
  }
  for (const auto& [name, exclusion] : table.exclusion_constraints)
    lines.push_back(exclusion_clause(exclusion));
  if (table.partition_of) return create_partition(table, lines);  // columns: the parent's
  std::string out = fmt::format("CREATE {}TABLE {} (\n\t{}\n)", table.unlogged ? "UNLOGGED " : "",
                                qualified(table.name), fmt::join(lines, ",\n\t"));
  if (!table.inherits.empty()) out += " " + inherits_clause(table.inherits);
  if (!table.partition_by.empty()) out += " PARTITION BY " + table.partition_by;
  if (!table.with.empty()) out += " WITH (" + options_list(table.with) + ")";
  return out;
}

std::string add_foreign_key(const QualifiedName& table, const ForeignKey& key) {
  std::string out = fmt::format("ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}",
                                qualified(table), quote_identifier(key.name),
                                quoted_list(key.columns), qualified(key.references));
  if (!key.referenced_columns.empty()) out += " (" + quoted_list(key.referenced_columns) + ")";
  if (key.match != "simple") out += " MATCH " + key.match;
  out += " ON DELETE " + key.on_delete + " ON UPDATE " + key.on_update;
  out += deferrable_clause(key.deferrable, key.initially_deferred);
  if (!key.valid) out += " NOT VALID";
  return out;
}

std::string create_index(const QualifiedName& table, const Index& index) {
  std::vector<std::string> elements;
  for (const auto& element : index.elements) elements.push_back(index_element(element));
  std::string out =
      fmt::format("CREATE {}INDEX {}{} ON {} USING {} ({})", index.unique ? "UNIQUE " : "",
                  index.concurrently ? "CONCURRENTLY " : "", quote_identifier(index.name),
                  qualified(table), index.method, fmt::join(elements, ", "));
  if (!index.include.empty()) out += " INCLUDE (" + quoted_list(index.include) + ")";
  if (index.nulls_not_distinct) out += " NULLS NOT DISTINCT";
  if (!index.with.empty()) out += " WITH (" + options_list(index.with) + ")";
  if (index.where) out += " WHERE (" + index.where->written() + ")";
  return out;
}

std::string create_view(const View& view) {
  std::string out = view.materialized ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ";
  out += qualified(view.name);
  if (!view.column_names.empty()) out += " (" + quoted_list(view.column_names) + ")";
  if (!view.access_method.empty()) out += " USING " + view.access_method;
  if (!view.with.empty()) out += " WITH (" + options_list(view.with) + ")";
  if (!view.tablespace.empty()) out += " TABLESPACE " + quote_identifier(view.tablespace);
  // The canonical text, not as written: normalising folds a column list into the query's
  // canonical text (and the server's rendering replaces it), never into the written one.
  out += " AS " + view.query.canonical;
  if (!view.check_option.empty()) {
    out +=
        view.check_option == "local" ? " WITH LOCAL CHECK OPTION" : " WITH CASCADED CHECK OPTION";
  }
  if (view.materialized && view.with_no_data) out += " WITH NO DATA";
  return out;
}

std::string create_policy(const QualifiedName& table, const Policy& policy) {
  std::string out =
      fmt::format("CREATE POLICY {} ON {}", quote_identifier(policy.name), qualified(table));
  if (!policy.permissive) out += " AS RESTRICTIVE";
  if (policy.command != "ALL") out += " FOR " + policy.command;
  std::vector<std::string> roles;
  for (const auto& role : policy.roles) roles.push_back(role_name(role));
  if (!(roles.size() == 1 && roles[0] == "PUBLIC"))
    out += " TO " + fmt::format("{}", fmt::join(roles, ", "));
  if (policy.using_expression) out += " USING (" + policy.using_expression->written() + ")";
  if (policy.with_check) out += " WITH CHECK (" + policy.with_check->written() + ")";
  return out;
}

std::vector<std::string> create_statements(const Schema& schema) {
  std::vector<std::string> out;
  for (const auto& [name, role] : schema.roles) out.push_back(create_role(role));
  for (const auto& [name, ns] : schema.namespaces) out.push_back(create_namespace(ns));
  for (const auto& [name, extension] : schema.extensions)
    out.push_back(create_extension(extension));
  for (const auto& [name, collation] : schema.collations)
    out.push_back(create_collation(collation));
  for (const auto& [name, type] : schema.enums) out.push_back(create_enum(type));
  // Domains, composite and range types by dependency depth, so each follows what it is built on.
  std::vector<std::pair<int, std::string>> types;
  // A function a domain's default or check calls is created before the domains when its
  // parameters and result are built-in types or enums (a plan instead adds such a default or
  // check after the functions: ALTER DOMAIN, which schema files do not hold).
  std::set<const Function*> early_functions;
  if (!schema.domains.empty()) {
    std::vector<std::pair<std::string, std::string>> called;  // schema (may be empty), name
    auto add_calls = [&](const Expression& expression) {
      try {
        for (auto& call : sql::called_functions("SELECT " + expression.canonical))
          called.push_back(std::move(call));
      } catch (const Error&) {
        // Text that does not parse cannot be analysed; the domain keeps its place.
      }
    };
    for (const auto& [name, domain] : schema.domains) {
      if (domain.default_value) add_calls(*domain.default_value);
      for (const auto& [check_name, check] : domain.constraints) add_calls(check.expression);
    }
    auto over_enums_only = [&](const TypeName& type) {
      auto user = user_type_of(type);
      return !user || schema.enums.contains(*user);
    };
    for (const auto& entry : schema.functions) {
      const Function& function = entry.second;  // clang 14 cannot capture a structured binding
      bool is_called = std::any_of(called.begin(), called.end(), [&](const auto& call) {
        return call.second == function.name.name &&
               (call.first.empty() || call.first == function.name.schema);
      });
      if (!is_called || !over_enums_only(function.returns) ||
          !std::all_of(function.parameters.begin(), function.parameters.end(),
                       [&](const FunctionParameter& p) { return over_enums_only(p.type); }) ||
          function_needs_relations(function, schema))
        continue;
      early_functions.insert(&function);
    }
    for (const Function* function : functions_in_creation_order(schema.functions)) {
      if (early_functions.contains(function)) out.push_back(create_function(*function));
    }
  }
  for (const auto& [name, domain] : schema.domains)
    types.emplace_back(user_type_depth(schema, name), create_domain(domain));
  for (const auto& [name, type] : schema.composite_types)
    types.emplace_back(user_type_depth(schema, name), create_composite_type(type));
  for (const auto& [name, range] : schema.range_types) {
    if (!range_needs_functions(range, schema))
      types.emplace_back(user_type_depth(schema, name), create_range_type(range));
  }
  std::stable_sort(types.begin(), types.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [depth, statement] : types) out.push_back(std::move(statement));
  for (const auto& [name, sequence] : schema.sequences) out.push_back(create_sequence(sequence));
  // SQL bodies are checked when created and may call other functions: they come last, but
  // those a table's default or check calls, created before the tables with their bodies
  // unchecked (function_created_unchecked).
  std::set<std::pair<std::string, std::string>> called_by_tables;
  if (std::any_of(schema.functions.begin(), schema.functions.end(),
                  [](const auto& entry) { return entry.second.language == "sql"; }))
    called_by_tables = functions_called_by_tables(schema);
  auto functions = [&](bool after_tables) {
    bool unchecked = false;
    for (const Function* function : functions_in_creation_order(schema.functions)) {
      if (early_functions.contains(function)) continue;
      bool needs = function_needs_relations(*function, schema);
      bool early = needs && function_created_unchecked(*function, schema, called_by_tables);
      if ((needs && !early) != after_tables) continue;
      if (early && !unchecked) out.push_back("SET check_function_bodies = false");
      unchecked = unchecked || early;
      out.push_back(create_function(*function));
    }
    if (unchecked) out.push_back("RESET check_function_bodies");
  };
  functions(false);
  for (const auto& [name, range] : schema.range_types) {
    if (range_needs_functions(range, schema)) out.push_back(create_range_type(range));
  }
  for (const Table* table : tables_in_partition_order(schema.tables))
    out.push_back(create_table(*table));
  functions(true);
  for (const auto& [name, sequence] : schema.sequences) {
    if (auto owner = plan_detail::sequence_owner(sequence)) {
      out.push_back(fmt::format("ALTER SEQUENCE {} OWNED BY {}.{}", qualified(sequence.name),
                                qualified(owner->first), quote_identifier(owner->second)));
    }
  }
  for (const auto& [name, table] : schema.tables) {
    for (const auto& [key_name, key] : table.foreign_keys)
      out.push_back(add_foreign_key(name, key));
    for (const auto& [check_name, check] : table.check_constraints) {
      if (!check.valid)
        out.push_back(fmt::format("ALTER TABLE {} ADD {}", qualified(name), check_clause(check)));
    }
  }
  for (const auto& [name, table] : schema.tables) {
    for (const auto& [index_name, index] : table.indexes) out.push_back(create_index(name, index));
  }
  for (const auto& [name, table] : schema.tables) {
    for (std::string& statement : table_settings_statements(table))
      out.push_back(std::move(statement));
  }
  for (const auto& [name, table] : schema.tables) {
    for (const auto& [statistics_name, statistics] : table.statistics)
      for (std::string& statement : statistics_statements(name, statistics))
        out.push_back(std::move(statement));
  }
  for (const auto& [name, table] : schema.tables) {
    if (table.row_level_security) {
      out.push_back("ALTER TABLE " + qualified(name) + " ENABLE ROW LEVEL SECURITY");
    }
    if (table.force_row_level_security) {
      out.push_back("ALTER TABLE " + qualified(name) + " FORCE ROW LEVEL SECURITY");
    }
  }
  for (const View* view : views_in_dependency_order(schema)) {
    out.push_back(create_view(*view));
    for (const auto& [index_name, index] : view->indexes)
      out.push_back(create_index(view->name, index));
  }
  for (const auto& [name, table] : schema.tables) {
    for (const auto& [trigger_name, trigger] : table.triggers)
      out.push_back(create_trigger(name, trigger));
  }
  for (const auto& [name, table] : schema.tables) {
    for (const auto& [rule_name, rule] : table.rules) out.push_back(create_rule(name, rule));
  }
  for (const auto& [name, view] : schema.views) {
    for (const auto& [rule_name, rule] : view.rules) out.push_back(create_rule(name, rule));
  }
  for (const auto& [name, table] : schema.tables) {
    for (const auto& [policy_name, policy] : table.policies) {
      out.push_back(create_policy(name, policy));
    }
  }

  for (const auto& [name, ns] : schema.namespaces) {
    add_comment(out, ns.comment, "SCHEMA " + quote_identifier(name));
  }
  for (const auto& [name, type] : schema.enums)
    add_comment(out, type.comment, "TYPE " + qualified(name));
  for (const auto& [name, collation] : schema.collations)
    add_comment(out, collation.comment, "COLLATION " + qualified(name));
  for (const auto& [name, domain] : schema.domains)
    add_comment(out, domain.comment, "DOMAIN " + qualified(name));
  for (const auto& [name, type] : schema.composite_types) {
    add_comment(out, type.comment, "TYPE " + qualified(name));
    for (const CompositeAttribute& attribute : type.attributes) {
      add_comment(out, attribute.comment,
                  "COLUMN " + qualified(name) + "." + quote_identifier(attribute.name));
    }
  }
  for (const auto& [name, range] : schema.range_types)
    add_comment(out, range.comment, "TYPE " + qualified(name));
  for (const auto& [name, sequence] : schema.sequences) {
    add_comment(out, sequence.comment, "SEQUENCE " + qualified(name));
  }
  for (const auto& [name, table] : schema.tables) {
    add_comment(out, table.comment, "TABLE " + qualified(name));
    for (const auto& column : table.columns) {
      add_comment(out, column.comment,
                  "COLUMN " + qualified(name) + "." + quote_identifier(column.name));
    }
    std::string on_table = " ON " + qualified(name);
    if (table.primary_key) {
      add_comment(out, table.primary_key->comment,
                  "CONSTRAINT " + quote_identifier(table.primary_key->name) + on_table);
    }
    for (const auto& [key, value] : table.foreign_keys) {
      add_comment(out, value.comment, "CONSTRAINT " + quote_identifier(key) + on_table);
    }
    for (const auto& [key, value] : table.unique_constraints) {
      add_comment(out, value.comment, "CONSTRAINT " + quote_identifier(key) + on_table);
    }
    for (const auto& [key, value] : table.check_constraints) {
      add_comment(out, value.comment, "CONSTRAINT " + quote_identifier(key) + on_table);
    }
    for (const auto& [key, value] : table.exclusion_constraints) {
      add_comment(out, value.comment, "CONSTRAINT " + quote_identifier(key) + on_table);
    }
    for (const auto& [key, value] : table.indexes) {
      add_comment(out, value.comment, "INDEX " + qualified(QualifiedName{name.schema, key}));
    }
    for (const auto& [key, value] : table.policies) {
      add_comment(out, value.comment, "POLICY " + quote_identifier(key) + on_table);
    }
    for (const auto& [key, value] : table.rules)
      add_comment(out, value.comment, "RULE " + quote_identifier(key) + on_table);
    for (const auto& [key, value] : table.triggers)
      add_comment(out, value.comment, "TRIGGER " + quote_identifier(key) + on_table);
  }
  for (const auto& [key, function] : schema.functions) {
    add_comment(out, function.comment, routine_comment_target(function));
  }
  for (const auto& [name, view] : schema.views) {
    add_comment(out, view.comment,
                (view.materialized ? "MATERIALIZED VIEW " : "VIEW ") + qualified(name));
    for (const auto& [key, value] : view.rules) {
      add_comment(out, value.comment,
                  "RULE " + quote_identifier(key) + " ON " + qualified(name));
    }
    for (const auto& [key, value] : view.indexes)
      add_comment(out, value.comment, "INDEX " + qualified(QualifiedName{name.schema, key}));
  }
  // Event triggers last among objects: their functions exist by now.
  for (const auto& [name, trigger] : schema.event_triggers) {
    for (std::string& statement : event_trigger_statements(trigger))
      out.push_back(std::move(statement));
  }
  // Privileges once every object exists (default privileges apply to objects created later).
  for (std::string& statement : privilege_statements(schema)) out.push_back(std::move(statement));
  return out;
}

std::string create_script(const Schema& schema) {
  std::string out;
  for (const auto& statement : create_statements(schema)) {
    if (!out.empty()) out += "\n";
    out += statement + ";\n";
  }
  return out;
}

}  // namespace sleet::ddl
