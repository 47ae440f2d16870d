// Sequences: CREATE/ALTER SEQUENCE, identity options, and pg_dump's spelling of serial.
#include <fmt/format.h>

#include <cctype>

#include "sleet/error.h"
#include "sql/nextval_default.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

bool is_integer_type(const TypeName& type) {
  return type.array_dimensions == 0 && type.schema.empty() &&
         (type.name == "smallint" || type.name == "integer" || type.name == "bigint");
}

int64_t required_integer(Context& context, const PgQuery__DefElem& option) {
  std::optional<int64_t> value = integer_of(option.arg);
  if (!value) context.fail(option.location, fmt::format("{} needs an integer", option.defname));
  return *value;
}

// The explicit values of a sequence's options, before defaults are applied.
struct ExplicitOptions {
  std::string data_type;
  std::optional<int64_t> increment, min_value, max_value, start, cache;
  bool cycle = false;
};

void read_option(Context& context, const PgQuery__DefElem& option, ExplicitOptions& values,
                 SequenceSpec& spec) {
  std::string name = option.defname;
  if (name == "as") {
    TypeName type = resolve_type(context, *option.arg->type_name);
    if (!is_integer_type(type))
      context.fail(option.location, "a sequence must be of type smallint, integer or bigint");
    values.data_type = type.name;
  } else if (name == "increment") {
    values.increment = required_integer(context, option);
    if (*values.increment == 0) context.fail(option.location, "INCREMENT must not be zero");
  } else if (name == "minvalue") {
    if (option.arg) values.min_value = required_integer(context, option);
  } else if (name == "maxvalue") {
    if (option.arg) values.max_value = required_integer(context, option);
  } else if (name == "start") {
    values.start = required_integer(context, option);
  } else if (name == "cache") {
    values.cache = required_integer(context, option);
  } else if (name == "cycle") {
    values.cycle = boolean_of(option);
  } else if (name == "owned_by") {
    std::vector<std::string> owner = strings_of(option.arg->list->items, option.arg->list->n_items);
    if (owner.size() == 1 && owner[0] == "none") owner.clear();
    spec.owned_by = owner;
  } else if (name == "sequence_name") {
    std::vector<std::string> parts = strings_of(option.arg->list->items, option.arg->list->n_items);
    spec.sequence_name =
        context.new_name(parts.size() > 1 ? parts[parts.size() - 2] : "", parts.back());
  } else if (name == "restart") {
    context.note(option.location, "RESTART ignored (the current value is data, not schema)");
  } else {
    context.fail(option.location, fmt::format("sequence option {} is not supported yet", name));
  }
}

}  // namespace

SequenceSpec read_sequence_options(Context& context, PgQuery__Node* const* items, size_t count,
                                   const std::string& default_type) {
  SequenceSpec spec;
  ExplicitOptions values;
  values.data_type = default_type;
  for (size_t i = 0; i < count; ++i) read_option(context, *items[i]->def_elem, values, spec);
  SequenceOptions options =
      SequenceOptions::defaults_for(values.data_type, values.increment.value_or(1));
  if (values.min_value) options.min_value = *values.min_value;
  if (values.max_value) options.max_value = *values.max_value;
  options.start =
      values.start.value_or(options.increment > 0 ? options.min_value : options.max_value);
  if (values.cache) options.cache = *values.cache;
  options.cycle = values.cycle;
  if (options.min_value > options.max_value)
    context.fail(-1, "MINVALUE must be less than MAXVALUE");
  if (options.start < options.min_value || options.start > options.max_value)
    context.fail(-1, "START value is outside the sequence's range");
  spec.options = options;
  return spec;
}

void apply_create_sequence(Context& context, const PgQuery__CreateSeqStmt& statement) {
  if (statement.sequence->relpersistence[0] == 't' || statement.sequence->relpersistence[0] == 'u')
    context.fail(-1, "temporary and unlogged sequences are not supported yet");
  Sequence model;
  model.name = context.new_name(*statement.sequence);
  SequenceSpec spec =
      read_sequence_options(context, statement.options, statement.n_options, "bigint");
  model.options = spec.options;
  context.names.add_relation(model.name, "sequence", context.where());
  if (spec.owned_by && !spec.owned_by->empty()) {
    // OWNED BY needs the table, which the table phase creates later; ALTER SEQUENCE ... OWNED
    // BY (pg_dump's way) is checked. Here the owner is taken as written.
    const auto& owner = *spec.owned_by;
    if (owner.size() < 2) context.fail(-1, "OWNED BY needs table.column");
    model.owned_by = owner[owner.size() - 2] + "." + owner.back();
  }
  context.schema.sequences.emplace(model.name, std::move(model));
}

void apply_alter_sequence(Context& context, const PgQuery__AlterSeqStmt& statement) {
  QualifiedName name =
      context.resolve(statement.sequence->schemaname, statement.sequence->relname,
                      [&](const QualifiedName& q) { return context.schema.sequences.contains(q); });
  auto it = context.schema.sequences.find(name);
  if (it == context.schema.sequences.end()) {
    context.fail(statement.sequence->location,
                 fmt::format("sequence {} does not exist", name.display()),
                 "create the sequence in one of the schema files, or fix the name");
  }
  for (size_t i = 0; i < statement.n_options; ++i) {
    const PgQuery__DefElem& option = *statement.options[i]->def_elem;
    if (std::string_view(option.defname) != "owned_by") {
      context.fail(option.location,
                   "ALTER SEQUENCE supports only OWNED BY; put the options in CREATE SEQUENCE");
    }
    std::vector<std::string> owner = strings_of(option.arg->list->items, option.arg->list->n_items);
    if (owner.size() == 1 && owner[0] == "none") {
      it->second.owned_by.reset();
      continue;
    }
    if (owner.size() < 2) context.fail(option.location, "OWNED BY needs table.column");
    std::vector<std::string> table_name(owner.begin(), owner.end() - 1);
    Table& table = context.table(table_name, option.location);
    if (!table.find_column(owner.back())) {
      context.fail(option.location, fmt::format("column {} of table {} does not exist",
                                                owner.back(), table.name.display()));
    }
    if (table.name.schema != name.schema)
      context.fail(option.location, "a sequence must be in the same schema as its owning table");
    it->second.owned_by = table.name.name + "." + owner.back();
  }
}

namespace {

// The sequence a default of the form nextval('name'::regclass) draws from, if it is one.
std::optional<QualifiedName> nextval_sequence(const Expression& expression,
                                              const std::string& table_schema,
                                              const Schema& schema) {
  if (!expression.canonical.starts_with("nextval(")) return std::nullopt;
  auto resolve_unqualified = [&](const std::string& name) {
    QualifiedName in_table_schema{table_schema, name};
    if (schema.sequences.contains(in_table_schema)) return in_table_schema;
    return QualifiedName{"public", name};
  };
  // The catalog's spelling of a serial column's default, nextval('name'::regclass) with a name
  // that needs no quoting, is read without the parser (one default per serial column of every
  // inspected table); anything else is parsed below.
  if (auto name = sql::plain_nextval_name(expression.canonical))
    return resolve_unqualified(std::string(*name));
  try {
    sql::ParseTree tree(fmt::format("SELECT {}", expression.canonical), "default");
    const PgQuery__Node* value =
        tree.statement(0).stmt->select_stmt->target_list[0]->res_target->val;
    const PgQuery__FuncCall& call = *value->func_call;
    if (call.n_args != 1) return std::nullopt;
    const PgQuery__Node* argument = call.args[0];
    if (argument->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) argument = argument->type_cast->arg;
    std::string literal = string_of(argument);
    // The literal is itself a (possibly quoted, qualified) relation name: let the parser read it.
    sql::ParseTree name_tree(fmt::format("SELECT FROM {}", literal), "sequence name");
    const PgQuery__RangeVar& relation =
        *name_tree.statement(0).stmt->select_stmt->from_clause[0]->range_var;
    if (relation.schemaname[0] != '\0') return QualifiedName{relation.schemaname, relation.relname};
    return resolve_unqualified(relation.relname);
  } catch (const Error&) {
    return std::nullopt;
  }
}

Serial serial_for(const std::string& type_name) {
  if (type_name == "smallint") return Serial::SmallSerial;
  if (type_name == "integer") return Serial::Serial;
  return Serial::BigSerial;
}

}  // namespace

void fold_serial_sequences(Schema& schema) {
  for (auto& [table_name, table] : schema.tables) {
    for (Column& column : table.columns) {
      if (!column.default_value || column.identity || !is_integer_type(column.type)) continue;
      auto sequence_name = nextval_sequence(*column.default_value, table_name.schema, schema);
      if (!sequence_name) continue;
      auto it = schema.sequences.find(*sequence_name);
      if (it == schema.sequences.end()) continue;
      const Sequence& sequence = it->second;
      // Owned by the column, and named as the server names it or kept from an older table
      // name (a table renamed by drizzle-kit keeps <old_table>_<column>_seq).
      bool serial_like = sequence.name.schema == table_name.schema &&
                         sequence.owned_by == table_name.name + "." + column.name &&
                         !sequence.comment &&
                         sequence.options == SequenceOptions::defaults_for(column.type.name);
      if (!serial_like) continue;
      if (sequence.name != serial_sequence(table_name, column.name))
        column.serial_sequence_name = sequence.name;
      schema.sequences.erase(it);
      column.default_value.reset();
      column.serial = serial_for(column.type.name);
      column.not_null = true;
    }
  }
}

}  // namespace sleet::sources
