// inspect_database: the transaction, the selection of schemas and tables, and every object
// kind other than tables (inspect_tables.cpp).
#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <set>

#include "sleet/error.h"
#include "sleet/inspect.h"
#include "sleet/normalize.h"
#include "sleet/sql.h"
#include "sources/inspect_internal.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

// ---------------------------------------------------------------------------------------
// Reading rows

std::string Row::text(const char* column) const {
  return std::string(result.value(row, result.column_index(column)));
}

std::optional<std::string> Row::optional(const char* column) const {
  return result.get(row, result.column_index(column));
}

bool Row::flag(const char* column) const {
  return text(column) == "t";
}

int64_t Row::integer(const char* column) const {
  std::string value = text(column);
  return value.empty() ? 0 : std::stoll(value);
}

nlohmann::json Row::json(const char* column) const {
  std::optional<std::string> value = optional(column);
  return value ? nlohmann::json::parse(*value) : nlohmann::json();
}

std::map<std::string, std::string> storage_options(const nlohmann::json& options) {
  std::map<std::string, std::string> out;
  if (!options.is_array()) return out;
  for (const auto& item : options) {
    std::string option = item.get<std::string>();
    size_t equals = option.find('=');
    out[option.substr(0, equals)] = equals == std::string::npos ? "" : option.substr(equals + 1);
  }
  return out;
}

std::string replica_identity_name(const std::string& code) {
  if (code == "f") return "full";
  if (code == "n") return "nothing";
  if (code == "i") return "index";
  return "default";
}

std::string storage_mode_name(const std::string& code) {
  if (code == "p") return "plain";
  if (code == "e") return "external";
  if (code == "m") return "main";
  return "extended";
}

bool glob_matches(const std::string& pattern, const std::string& name) {
  return fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

namespace {

[[noreturn]] void rethrow(const db::DatabaseError& error, const std::string& what) {
  const std::string& state = error.sqlstate();
  if (state.starts_with("08") || state.starts_with("57P")) {
    throw Error(
        ErrorKind::Connection,
        fmt::format("lost the connection to the database while reading {}: {}", what, error.what()),
        error.where(), "check that the server is running, then run the command again");
  }
  if (state == "42501") {
    throw Error(ErrorKind::Failure,
                fmt::format("permission denied while reading {}: {}", what, error.what()),
                error.where(),
                "connect as a role that may read these schemas (GRANT USAGE ON SCHEMA ...)");
  }
  throw Error(ErrorKind::Failure, fmt::format("cannot read {}: {}", what, error.what()),
              error.where(), error.hint());
}

}  // namespace

db::Result CatalogReader::run(const std::string& sql, const std::string& what,
                              const std::vector<std::string>* schemas) {
  if (options_.on_query) options_.on_query(sql);
  try {
    if (!schemas) return connection_.query(sql, std::vector<db::Parameter>{});
    return connection_.query(sql, sql::text_array_parameter(*schemas));
  } catch (const db::DatabaseError& error) {
    rethrow(error, what);
  }
}

void CatalogReader::run_pipelined(const std::vector<Step>& steps,
                                  const std::vector<std::string>& schemas) {
  const std::string names = sql::text_array_parameter(schemas);
  std::vector<db::Connection::PipelinedQuery> queries;
  for (const Step& step : steps) {
    if (options_.on_query) options_.on_query(step.sql);
    queries.push_back({step.sql, step.with_schemas ? std::vector<db::Parameter>{names}
                                                   : std::vector<db::Parameter>{}});
  }
  std::size_t read = 0;  // results read: the next one is the query a server error is about
  try {
    connection_.pipeline(queries, [&](std::size_t i, db::Result result) {
      steps[i].read(result);
      read = i + 1;
    });
  } catch (const db::DatabaseError& error) {
    rethrow(error, steps[std::min(read, steps.size() - 1)].what);
  }
}

void CatalogReader::execute(const std::string& sql) {
  if (options_.on_query) options_.on_query(sql);
  try {
    connection_.execute(sql);
  } catch (const db::DatabaseError& error) {
    rethrow(error, "the catalog");
  }
}

namespace {

bool any_glob(const std::vector<std::string>& patterns, const std::string& name) {
  for (const std::string& pattern : patterns)
    if (glob_matches(pattern, name)) return true;
  return false;
}

std::vector<std::string> read_namespaces(CatalogReader& reader, const CatalogQueries& queries,
                                         const InspectOptions& options, Schema& schema) {
  db::Result result = reader.run(queries.namespaces, "schemas");
  std::vector<std::string> selected;
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    std::string name = row.text("nspname");
    if (!schema_selected(options, name)) continue;
    if (!row.flag("usable")) {
      throw Error(ErrorKind::Failure, fmt::format("permission denied for schema {}", name),
                  "schema " + name,
                  fmt::format("GRANT USAGE ON SCHEMA {} to the role sleet connects as, or "
                              "leave the schema out of schema_filter",
                              sql::quote_identifier_if_needed(name)));
    }
    selected.push_back(name);
    if (name != "public") schema.namespaces[name] = Namespace{name, row.optional("description")};
  }
  return selected;
}

void read_extensions(const db::Result& result, Schema& schema) {
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    Extension extension;
    extension.name = row.text("extname");
    // Only what differs from CREATE EXTENSION's defaults, as a schema file would say it.
    if (row.text("nspname") != "public") extension.schema = row.text("nspname");
    if (row.text("extversion") != row.text("default_version"))
      extension.version = row.text("extversion");
    schema.extensions.emplace(extension.name, std::move(extension));
  }
}

void read_enums(const db::Result& result, Schema& schema) {
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    Enum type;
    type.name = QualifiedName{row.text("nspname"), row.text("typname")};
    for (const auto& label : row.json("labels")) type.values.push_back(label.get<std::string>());
    type.comment = row.optional("description");
    schema.enums.emplace(type.name, std::move(type));
  }
}

SequenceOptions sequence_options(const Row& row) {
  SequenceOptions options;
  options.data_type = row.text("data_type");
  options.increment = row.integer("seqincrement");
  options.min_value = row.integer("seqmin");
  options.max_value = row.integer("seqmax");
  options.start = row.integer("seqstart");
  options.cache = row.integer("seqcache");
  options.cycle = row.flag("seqcycle");
  return options;
}

// Sequences: identity sequences go to `rows.identities`; the others to the schema, except
// those owned by a table that is not reported (the tracking table, filtered tables).
void read_sequences(const db::Result& result, TableRows& rows, Schema& schema) {
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    QualifiedName name{row.text("nspname"), row.text("relname")};
    std::string dependency = row.text("deptype");
    if (dependency == "i") {
      Identity identity;
      identity.sequence = name;
      identity.options = sequence_options(row);
      rows.identities[row.text("owner_oid") + ":" + row.text("owner_attnum")] = identity;
      continue;
    }
    Sequence sequence;
    sequence.name = name;
    sequence.options = sequence_options(row);
    sequence.comment = row.optional("description");
    if (dependency == "a") {
      if (!rows.table_names.contains(row.text("owner_oid"))) continue;
      // The model names the owner within the sequence's schema, as OWNED BY in a file does.
      if (row.text("owner_schema") == name.schema)
        sequence.owned_by = row.text("owner_table") + "." + row.text("owner_column");
    }
    schema.sequences.emplace(name, std::move(sequence));
  }
}

void read_view(const Row& row, View& view) {
  view.materialized = row.text("relkind") == "m";
  std::string query = row.text("query");
  while (!query.empty() &&
         (query.back() == ';' || std::isspace(static_cast<unsigned char>(query.back()))))
    query.pop_back();
  size_t start = query.find_first_not_of(" \n\t");
  query = start == std::string::npos ? "" : query.substr(start);
  view.query = Expression{query, sql::canonical_query(query)};
  for (const auto& [key, value] : storage_options(row.json("options"))) {
    if (key == "check_option") {
      view.check_option = value;
    } else {
      view.with[key] = value;
    }
  }
  if (view.materialized) {
    view.with_no_data = !row.flag("relispopulated");
    view.access_method = row.text("amname");
  }
  view.tablespace = row.text("spcname");
  view.comment = row.optional("description");
}

void read_relations(const db::Result& result, const InspectOptions& options, TableRows& rows,
                    Schema& schema) {
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    QualifiedName name{row.text("nspname"), row.text("relname")};
    if (!sleet::table_selected(options, name)) continue;
    std::string kind = row.text("relkind");
    if (kind == "v" || kind == "m") {
      View& view = schema.views[name];
      view.name = name;
      read_view(row, view);
      if (view.materialized) rows.matview_names[row.text("oid")] = name;
      continue;
    }
    Table& table = schema.tables[name];
    table.name = name;
    table.row_level_security = row.flag("relrowsecurity");
    table.force_row_level_security = row.flag("relforcerowsecurity");
    table.unlogged = row.text("relpersistence") == "u";
    table.with = storage_options(row.json("options"));
    table.replica_identity = replica_identity_name(row.text("relreplident"));
    if (table.replica_identity == "index") {
      table.replica_identity_index = row.optional("replica_identity_index").value_or("");
      // Its index dropped: the server then logs no old key, as with NOTHING.
      if (table.replica_identity_index.empty()) table.replica_identity = "nothing";
    }
    table.cluster_on = row.optional("cluster_on").value_or("");
    table.comment = row.optional("description");
    rows.table_names[row.text("oid")] = name;
    for (const auto& parent : row.json("inherits"))
      table.inherits.push_back({parent[0].get<std::string>(), parent[1].get<std::string>()});
    auto key = row.optional("partition_key");
    auto parent = row.optional("partition_parent");
    if (key || parent)
      rows.partitioning.push_back({name, key.value_or(""), parent.value_or(""),
                                   row.optional("partition_bound").value_or("")});
  }
}

void read_roles(const db::Result& result, const InspectOptions& options, Schema& schema) {
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    std::string name = row.text("rolname");
    if (!any_glob(options.roles, name)) continue;
    schema.roles[name] =
        Role{name, row.flag("rolcreatedb"), row.flag("rolcreaterole"), row.flag("rolinherit")};
  }
}

// A trigger's arguments from tgargs in hex: each one ended by a zero byte.
std::vector<std::string> trigger_arguments(std::string_view hex) {
  std::vector<std::string> arguments;
  std::string current;
  auto digit = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    char byte = static_cast<char>(digit(hex[i]) * 16 + digit(hex[i + 1]));
    if (byte == 0) {
      arguments.push_back(std::move(current));
      current.clear();
    } else {
      current += byte;
    }
  }
  return arguments;
}

// The condition of a trigger as pg_get_triggerdef prints it, "... FOR EACH ROW WHEN
// (condition) EXECUTE FUNCTION f()", when it can be cut out without a parse: no quoted name
// before it (an unquoted one holds no space, so the first " FOR EACH ROW WHEN (" is the
// clause) and nothing quoted after it (no arguments: the last ") EXECUTE FUNCTION " is the
// clause). nullopt otherwise; the definition is then read back by the schema parser.
std::optional<std::string> trigger_condition(std::string_view definition) {
  for (std::string_view marker : {" FOR EACH ROW WHEN (", " FOR EACH STATEMENT WHEN ("}) {
    size_t at = definition.find(marker);
    if (at == std::string_view::npos) continue;
    if (definition.substr(0, at).find('"') != std::string_view::npos) return std::nullopt;
    size_t open = at + marker.size() - 1;
    constexpr std::string_view kCall = ") EXECUTE FUNCTION ";
    size_t close = definition.rfind(kCall);
    if (close == std::string_view::npos || close < open) return std::nullopt;
    std::string_view call = definition.substr(close + kCall.size());
    if (call.find_first_of("\"'") != std::string_view::npos || !call.ends_with("()"))
      return std::nullopt;
    return std::string(definition.substr(open, close - open + 1));
  }
  return std::nullopt;
}

// A trigger from pg_trigger's columns, as the schema parser reads its pg_get_triggerdef
// (parse_functions.cpp read_create_trigger); its WHEN condition is the caller's.
Trigger trigger_of(const Row& row) {
  Trigger trigger;
  trigger.name = row.text("tgname");
  // The server's TRIGGER_TYPE_* bits.
  int64_t type = row.integer("tgtype");
  trigger.for_each_row = type & 1;
  trigger.timing = type & 2 ? "BEFORE" : type & 64 ? "INSTEAD OF" : "AFTER";
  if (type & 4) trigger.events.push_back("INSERT");
  if (type & 16) trigger.events.push_back("UPDATE");
  if (type & 8) trigger.events.push_back("DELETE");
  if (type & 32) trigger.events.push_back("TRUNCATE");
  nlohmann::json columns = row.json("update_columns");
  if (columns.is_array())
    for (const auto& column : columns) trigger.update_columns.push_back(column.get<std::string>());
  trigger.function = QualifiedName{row.text("function_schema"), row.text("function_name")};
  trigger.constraint = row.flag("is_constraint");
  trigger.deferrable = row.flag("tgdeferrable");
  trigger.initially_deferred = row.flag("tginitdeferred");
  trigger.old_table = row.optional("tgoldtable").value_or("");
  trigger.new_table = row.optional("tgnewtable").value_or("");
  trigger.comment = row.optional("description");
  if (auto arguments = row.optional("arguments")) trigger.arguments = trigger_arguments(*arguments);
  return trigger;
}

// A function or procedure with a string body and no SET from pg_proc's columns (the query
// prints the others), as read_create_function reads its pg_get_functiondef: the attributes
// pg_get_functiondef leaves out hold the values the parser gives them when not written.
CatalogFunction catalog_function(const Row& row) {
  static const std::map<std::string, std::string> volatilities = {
      {"i", "immutable"}, {"s", "stable"}, {"v", "volatile"}};
  static const std::map<std::string, std::string> parallels = {
      {"s", "safe"}, {"r", "restricted"}, {"u", "unsafe"}};
  static const std::map<std::string, std::string> modes = {
      {"i", "in"}, {"o", "out"}, {"b", "inout"}, {"v", "variadic"}, {"t", "table"}};
  auto number = [&](const char* column) {
    std::string text = row.text(column);
    double value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  };
  CatalogFunction catalog;
  Function& function = catalog.function;
  function.name = {row.text("nspname"), row.text("proname")};
  function.procedure = row.text("prokind") == "p";
  function.language = row.text("lanname");
  function.body = row.text("prosrc");
  function.volatility = volatilities.at(row.text("provolatile"));
  function.strict = row.flag("proisstrict");
  function.security_definer = row.flag("prosecdef");
  function.leakproof = row.flag("proleakproof");
  function.parallel = parallels.at(row.text("proparallel"));
  function.cost = number("procost");
  function.rows = number("prorows");
  function.returns_set = row.flag("proretset");
  nlohmann::json types = row.json("parameter_types");
  nlohmann::json names = row.json("parameter_names");
  nlohmann::json parameter_modes = row.json("parameter_modes");
  for (size_t i = 0; types.is_array() && i < types.size(); ++i) {
    FunctionParameter parameter;
    if (parameter_modes.is_array()) parameter.mode = modes.at(parameter_modes[i].get<std::string>());
    if (names.is_array() && i < names.size()) parameter.name = names[i].get<std::string>();
    function.parameters.push_back(std::move(parameter));
    catalog.parameter_types.push_back(types[i].get<std::string>());
  }
  if (!function.procedure) catalog.return_type = row.text("return_type");
  catalog.parameter_defaults = row.optional("parameter_defaults").value_or("");
  return catalog;
}

void read_collations(const db::Result& result, Schema& schema) {
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    Collation collation;
    collation.name = {row.text("nspname"), row.text("collname")};
    if (row.text("collprovider") == "i") {
      collation.provider = "icu";
      collation.locale = row.optional("icu_locale").value_or("");
    } else {
      collation.lc_collate = row.optional("collcollate").value_or("");
      collation.lc_ctype = row.optional("collctype").value_or("");
    }
    collation.deterministic = row.flag("collisdeterministic");
    collation.comment = row.optional("description");
    schema.collations.emplace(collation.name, std::move(collation));
  }
}

void read_event_triggers(const db::Result& result, Schema& schema) {
  static const std::map<std::string, std::string> states = {
      {"O", "ENABLE"}, {"D", "DISABLE"}, {"R", "ENABLE REPLICA"}, {"A", "ENABLE ALWAYS"}};
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    EventTrigger trigger;
    trigger.name = row.text("evtname");
    trigger.event = row.text("evtevent");
    auto state = states.find(row.text("evtenabled"));
    if (state != states.end()) trigger.enabled = state->second;
    for (const auto& tag : row.json("tags")) trigger.tags.push_back(tag.get<std::string>());
    trigger.function = {row.text("function_schema"), row.text("function_name")};
    trigger.comment = row.optional("description");
    schema.event_triggers.emplace(trigger.name, std::move(trigger));
  }
}

void read_statistics(const db::Result& result, Schema& schema) {
  static const std::map<std::string, std::string> kinds = {
      {"d", "ndistinct"}, {"f", "dependencies"}, {"m", "mcv"}};
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    auto table = schema.tables.find(QualifiedName{row.text("nspname"), row.text("relname")});
    if (table == schema.tables.end()) continue;  // left out by the filters
    Statistics statistics;
    statistics.name = {row.text("statistics_schema"), row.text("stxname")};
    for (const auto& column : row.json("columns"))
      statistics.columns.push_back(column.get<std::string>());
    for (const auto& expression : row.json("expressions")) {
      std::string text = expression.get<std::string>();
      statistics.expressions.push_back(Expression{text, sql::canonical_expression(text)});
    }
    std::set<std::string> asked;
    for (const auto& code : row.json("kinds")) {
      auto kind = kinds.find(code.get<std::string>());
      if (kind != kinds.end()) asked.insert(kind->second);
    }
    statistics.kinds = statistics_kinds_of(asked);
    statistics.target = static_cast<int>(row.integer("target"));
    statistics.comment = row.optional("description");
    // Named in a schema the filters left out: the schema is still what names it (a schema file
    // declares it with CREATE SCHEMA).
    if (statistics.name.schema != "public" && !schema.namespaces.contains(statistics.name.schema))
      schema.namespaces[statistics.name.schema].name = statistics.name.schema;
    QualifiedName key = statistics.name;
    table->second.statistics.emplace(key, std::move(statistics));
  }
}

bool holds_objects(const Schema& schema, const std::string& namespace_name) {
  auto in = [&](const auto& map) {
    for (const auto& [name, object] : map)
      if (name.schema == namespace_name) return true;
    return false;
  };
  return in(schema.tables) || in(schema.views) || in(schema.enums) || in(schema.sequences) ||
         in(schema.functions) || in(schema.domains) || in(schema.composite_types) ||
         in(schema.range_types) || in(schema.collations);
}

}  // namespace

DependencyGraph inspect_dependencies_in_transaction(db::Connection& connection,
                                                    const InspectOptions& options) {
  CatalogQueries queries = catalog_queries(connection.server_version());
  CatalogReader reader(connection, options);
  Schema schema;
  std::vector<std::string> schemas = read_namespaces(reader, queries, options, schema);
  reader.run_pipelined({{dependencies_query(), "dependencies", true,
                         [&](const db::Result& result) { read_dependencies(result, schema); }}},
                       schemas);
  return std::move(schema.dependencies);
}

Schema inspect_in_transaction(db::Connection& connection, const InspectOptions& options) {
  CatalogQueries queries = catalog_queries(connection.server_version());
  CatalogReader reader(connection, options);
  Schema schema;
  TableRows rows;
  std::vector<std::string> schemas = read_namespaces(reader, queries, options, schema);
  // The rest depends only on the schemas' names: one pipeline, each result read in order
  // (relations and sequences fill `rows` before the table steps use it).
  std::vector<CatalogReader::Step> steps = {
      {queries.extensions, "extensions", false,
       [&](const db::Result& result) { read_extensions(result, schema); }},
      {queries.collations, "collations", true,
       [&](const db::Result& result) { read_collations(result, schema); }},
      {queries.enums, "enum types", true,
       [&](const db::Result& result) { read_enums(result, schema); }},
      {queries.domains, "domains", true,
       [&](const db::Result& result) { read_domains(result, schema); }},
      {queries.composite_types, "composite types", true,
       [&](const db::Result& result) { read_composite_types(result, schema); }},
      {queries.range_types, "range types", true,
       [&](const db::Result& result) { read_range_types(result, schema); }},
      {queries.relations, "tables and views", true,
       [&](const db::Result& result) { read_relations(result, options, rows, schema); }},
      {queries.sequences, "sequences", true,
       [&](const db::Result& result) { read_sequences(result, rows, schema); }},
  };
  add_table_steps(steps, queries, rows, schema);
  // Read back by the schema parser once the tables are in (triggers belong to them).
  std::vector<CatalogDefinition> functions;
  std::vector<CatalogDefinition> triggers;
  steps.push_back(
      {queries.functions, "functions", true, [&](const db::Result& result) {
         for (int i = 0; i < result.rows(); ++i) {
           Row row{result, i};
           CatalogDefinition definition{"function " + row.text("signature") + " in the database",
                                        "", row.optional("description")};
           if (auto text = row.optional("definition")) {
             definition.sql = std::move(*text);
           } else {
             definition.function = catalog_function(row);
           }
           functions.push_back(std::move(definition));
         }
       }});
  std::vector<std::pair<QualifiedName, Trigger>> column_triggers;
  steps.push_back({queries.triggers, "triggers", true, [&](const db::Result& result) {
                     for (int i = 0; i < result.rows(); ++i) {
                       Row row{result, i};
                       std::optional<std::string> definition = row.optional("definition");
                       std::optional<std::string> condition;
                       if (definition && !row.optional("arguments"))
                         condition = trigger_condition(*definition);
                       std::optional<std::string> canonical;
                       if (condition) {
                         // The condition alone through the parser (the same few recur:
                         // canonical_expression keeps them), not the whole statement.
                         try {
                           canonical = sql::canonical_expression(*condition);
                         } catch (const Error&) {
                         }
                       }
                       if (definition && !canonical) {
                         triggers.push_back(
                             {fmt::format("trigger {} on {}.{} in the database", row.text("tgname"),
                                          row.text("nspname"), row.text("relname")),
                              std::move(*definition), row.optional("description")});
                       } else {
                         Trigger trigger = trigger_of(row);
                         if (canonical) trigger.when = Expression{*canonical, *canonical};
                         column_triggers.emplace_back(
                             QualifiedName{row.text("nspname"), row.text("relname")},
                             std::move(trigger));
                       }
                     }
                   }});
  struct RuleComment {
    QualifiedName relation;
    std::string rule;
    std::string comment;
  };
  std::vector<CatalogDefinition> rules;
  std::vector<RuleComment> rule_comments;
  steps.push_back({queries.rules, "rules", true, [&](const db::Result& result) {
                     for (int i = 0; i < result.rows(); ++i) {
                       Row row{result, i};
                       QualifiedName relation{row.text("nspname"), row.text("relname")};
                       rules.push_back({fmt::format("rule {} on {} in the database",
                                                    row.text("rulename"), relation.display()),
                                        row.text("definition")});
                       if (auto comment = row.optional("description"))
                         rule_comments.push_back({relation, row.text("rulename"), *comment});
                     }
                   }});
  steps.push_back({queries.statistics, "extended statistics", true,
                   [&](const db::Result& result) { read_statistics(result, schema); }});
  steps.push_back({queries.event_triggers, "event triggers", true,
                   [&](const db::Result& result) { read_event_triggers(result, schema); }});
  if (!options.roles.empty()) {
    steps.push_back({queries.roles, "roles", false,
                     [&](const db::Result& result) { read_roles(result, options, schema); }});
  }
  if (options.dependencies) {
    steps.push_back({dependencies_query(), "dependencies", true,
                     [&](const db::Result& result) { read_dependencies(result, schema); }});
  }
  std::shared_ptr<PrivilegeRows> privileges = add_privilege_steps(steps, options, schema);
  reader.run_pipelined(steps, schemas);
  add_revoked_public_defaults(*privileges, schema);
  functions.insert(functions.end(), triggers.begin(), triggers.end());
  functions.insert(functions.end(), rules.begin(), rules.end());
  for (const TableRows::Exclusion& exclusion : rows.exclusions) {
    functions.push_back({fmt::format("constraint {} on {} in the database", exclusion.name,
                                     exclusion.table.display()),
                         fmt::format("ALTER TABLE {}.{} ADD CONSTRAINT {} {}",
                                     sql::quote_identifier(exclusion.table.schema),
                                     sql::quote_identifier(exclusion.table.name),
                                     sql::quote_identifier(exclusion.name), exclusion.definition)});
  }
  add_partition_definitions(rows, schema, functions);
  for (auto& [table_name, trigger] : column_triggers) {
    auto table = schema.tables.find(table_name);
    if (table != schema.tables.end()) table->second.triggers[trigger.name] = std::move(trigger);
  }
  read_catalog_definitions(schema, functions);
  for (const TableRows::Exclusion& exclusion : rows.exclusions) {
    auto table = schema.tables.find(exclusion.table);
    if (table == schema.tables.end()) continue;
    auto it = table->second.exclusion_constraints.find(exclusion.name);
    if (it != table->second.exclusion_constraints.end()) it->second.comment = exclusion.comment;
  }
  for (const RuleComment& comment : rule_comments) {
    std::map<std::string, RewriteRule>* held = nullptr;
    if (auto it = schema.tables.find(comment.relation); it != schema.tables.end())
      held = &it->second.rules;
    if (auto it = schema.views.find(comment.relation); it != schema.views.end())
      held = &it->second.rules;
    if (!held) continue;
    if (auto it = held->find(comment.rule); it != held->end()) it->second.comment = comment.comment;
  }
  // pg_dump's spelling of serial columns, which is also the catalog's, becomes Column::serial.
  fold_serial_sequences(schema);
  if (options.migrations_schema != "public" && !holds_objects(schema, options.migrations_schema))
    schema.namespaces.erase(options.migrations_schema);
  normalize::normalize_schema(schema);
  return schema;
}

}  // namespace sleet::sources

namespace sleet {

bool schema_selected(const InspectOptions& options, const std::string& schema) {
  for (const std::string& pattern : options.schema_filter)
    if (sources::glob_matches(pattern, schema)) return true;
  return false;
}

bool table_selected(const InspectOptions& options, const QualifiedName& name) {
  if (name.schema == options.migrations_schema &&
      (name.name == options.migrations_table || name.name == options.history_table)) {
    return false;
  }
  auto matches = [&](const std::string& pattern) {
    const std::string& subject =
        pattern.find('.') != std::string::npos ? name.display() : name.name;
    return sources::glob_matches(pattern, subject);
  };
  // "!glob" leaves out what it matches, as in drizzle-kit's tablesFilter
  // (["!langchain_pg_*"]): tables another program creates in the same schema.
  bool any_positive = false, selected = false;
  for (const std::string& pattern : options.tables_filter) {
    if (pattern.starts_with('!')) {
      if (matches(pattern.substr(1))) return false;
      continue;
    }
    any_positive = true;
    selected = selected || matches(pattern);
  }
  return !any_positive || selected;
}

std::vector<QualifiedName> remove_tracking_tables(Schema& schema, const InspectOptions& options) {
  std::vector<QualifiedName> removed;
  for (const std::string& table : {options.migrations_table, options.history_table}) {
    QualifiedName name{options.migrations_schema, table};
    if (schema.tables.erase(name) != 0) removed.push_back(name);
  }
  if (!removed.empty() && options.migrations_schema != "public" &&
      !sources::holds_objects(schema, options.migrations_schema))
    schema.namespaces.erase(options.migrations_schema);
  return removed;
}

namespace {

// `read()` in a read-only transaction with search_path pinned to public (or inside the caller's
// transaction, its search_path restored afterwards): names in schemas on the search_path are
// printed unqualified, so the rendering must not depend on the role's settings.
template <typename Read>
auto in_catalog_transaction(db::Connection& connection, const InspectOptions& options,
                            Read&& read) {
  sources::CatalogReader reader(connection, options);
  if (!connection.is_idle()) {
    std::string saved(
        reader.run("select current_setting('search_path')", "search_path").value(0, 0));
    reader.execute("set local search_path = public");
    auto out = read();
    reader.execute("select set_config('search_path', " + sql::quote_literal(saved) + ", true)");
    return out;
  }
  db::Transaction transaction(
      connection, {db::TransactionOptions::Isolation::RepeatableRead, /*read_only=*/true});
  reader.execute("set local search_path = public");
  auto out = read();
  transaction.commit();
  return out;
}

}  // namespace

Schema inspect_database(db::Connection& connection, const InspectOptions& options) {
  return in_catalog_transaction(
      connection, options, [&] { return sources::inspect_in_transaction(connection, options); });
}

DependencyGraph inspect_dependency_graph(db::Connection& connection,
                                         const InspectOptions& options) {
  return in_catalog_transaction(connection, options, [&] {
    return sources::inspect_dependencies_in_transaction(connection, options);
  });
}

}  // namespace sleet
