// The schema SQL parser's driver: reads every file, sorts statements into phases so that
// file order does not matter, and dispatches each to its handler.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <exception>
#include <fstream>
#include <sstream>
#include <thread>

#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/parallel.h"
#include "sleet/sources.h"
#include "sleet/sql.h"
#include "sources/index_attachments.h"
#include "sources/like_order.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

constexpr const char* kUnsupportedHint =
    "sleet models schemas, tables, partitions, views, types, domains, collations, sequences, "
    "indexes, extended statistics, functions, aggregates, triggers, rules, policies and "
    "privileges; create "
    "this object in a custom migration (sleet generate --custom), which push and status leave "
    "alone";
constexpr const char* kDataHint =
    "schema files declare what exists; put data in a seed file (`seed` in sleet.toml, run by "
    "sleet seed) or a custom migration (sleet generate --custom)";

// Whether `node` reads or writes rows, or runs code, rather than declaring an object.
bool is_data_statement(const PgQuery__Node& node) {
  switch (node.node_case) {
    case PG_QUERY__NODE__NODE_INSERT_STMT:
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
    case PG_QUERY__NODE__NODE_MERGE_STMT:
    case PG_QUERY__NODE__NODE_COPY_STMT:
    case PG_QUERY__NODE__NODE_SELECT_STMT:
    case PG_QUERY__NODE__NODE_CALL_STMT:
    case PG_QUERY__NODE__NODE_DO_STMT:
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
      return true;
    default:
      return false;
  }
}

// CREATE AGGREGATE, OPERATOR, COLLATION, TEXT SEARCH ... and base types share one node.
std::string define_statement_kind(const PgQuery__DefineStmt& define) {
  switch (define.kind) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE:
      return "CREATE AGGREGATE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_OPERATOR:
      return "CREATE OPERATOR";
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION:
      return "CREATE COLLATION";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TSCONFIGURATION:
      return "CREATE TEXT SEARCH CONFIGURATION";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TSDICTIONARY:
      return "CREATE TEXT SEARCH DICTIONARY";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TSPARSER:
      return "CREATE TEXT SEARCH PARSER";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TSTEMPLATE:
      return "CREATE TEXT SEARCH TEMPLATE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
      return "CREATE TYPE (a base type, with INPUT and OUTPUT functions)";
    default:
      return "CREATE (definition)";
  }
}

// A file larger than this is cut into pieces parsed on several threads.
constexpr size_t kPieceBytes = 128 * 1024;

// Phases: names other statements depend on come first.
enum Phase {
  kNamespaces = 0,  // schemas, extensions, roles, enum types
  kSequences = 1,   // sequences, domains, composite and range types (over earlier types)
  kTables = 2,
  kViews = 3,        // views, functions
  kAlterations = 4,  // ALTER TABLE/SEQUENCE, CREATE INDEX/POLICY/TRIGGER/RULE/EVENT TRIGGER
  kComments = 5,
  // GRANT / REVOKE / ALTER DEFAULT PRIVILEGES, in file order: a REVOKE takes from earlier
  // GRANTs, default privileges apply to every object the files create
  kGrants = 6,
};

struct QueuedStatement {
  Statement statement;
  int phase = 0;
};

// Applies the queued statements in phase order; a CREATE TABLE ... (LIKE ...) and the
// statements about that table wait for everything the files say about the other tables
// (like_order.h), and run before the grants.
void apply_in_order(Context& context, const std::vector<QueuedStatement>& queue) {
  std::vector<const Statement*> tables_phase;
  for (const QueuedStatement& queued : queue) {
    if (queued.phase == kTables) tables_phase.push_back(&queued.statement);
  }
  LikeOrder likes(tables_phase);
  // COMMENT ON INDEX of an index no table holds yet: one LIKE may copy.
  std::vector<const Statement*> unknown_index_comments;
  bool copies_made = likes.empty();
  auto apply = [&](const Statement& statement) {
    context.set_statement(&statement);
    apply_statement(context, *statement.node);
  };
  auto make_copies = [&] {
    if (copies_made) return;
    copies_made = true;
    for (const Statement* statement : likes.copies_in_order(context)) apply(*statement);
    for (const Statement* statement : unknown_index_comments) apply(*statement);
  };
  for (const QueuedStatement& queued : queue) {
    if (queued.phase >= kGrants) make_copies();
    const Statement& statement = queued.statement;
    if (!likes.empty()) {
      if (queued.phase == kTables && likes.is_copy(statement)) continue;
      bool index_comment = false;
      if ((queued.phase == kAlterations || queued.phase == kComments) &&
          likes.defer(statement, index_comment))
        continue;
      if (index_comment) {
        context.set_statement(&statement);
        if (!names_existing_index(context, *statement.node->comment_stmt)) {
          unknown_index_comments.push_back(&statement);
          continue;
        }
      }
    }
    apply(statement);
  }
  make_copies();
}

}  // namespace

// Human names for statement kinds sleet refuses, for the error message.
std::string statement_kind(const PgQuery__Node& node) {
  switch (node.node_case) {
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
      return node.create_function_stmt->is_procedure ? "CREATE PROCEDURE" : "CREATE FUNCTION";
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
      return "CREATE TRIGGER";
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
      return "CREATE DOMAIN";
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
      return "CREATE TYPE ... AS (composite type)";
    case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
      return "CREATE TYPE ... AS RANGE";
    case PG_QUERY__NODE__NODE_DEFINE_STMT:
      return define_statement_kind(*node.define_stmt);
    case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
      return "CREATE STATISTICS";
    case PG_QUERY__NODE__NODE_ALTER_STATS_STMT:
      return "ALTER STATISTICS";
    case PG_QUERY__NODE__NODE_CREATE_CAST_STMT:
      return "CREATE CAST";
    case PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT:
      return "CREATE PUBLICATION";
    case PG_QUERY__NODE__NODE_CREATE_SUBSCRIPTION_STMT:
      return "CREATE SUBSCRIPTION";
    case PG_QUERY__NODE__NODE_CREATE_FDW_STMT:
      return "CREATE FOREIGN DATA WRAPPER";
    case PG_QUERY__NODE__NODE_CREATE_FOREIGN_SERVER_STMT:
      return "CREATE SERVER";
    case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT:
      return "CREATE FOREIGN TABLE";
    case PG_QUERY__NODE__NODE_CREATE_USER_MAPPING_STMT:
      return "CREATE USER MAPPING";
    case PG_QUERY__NODE__NODE_CREATE_OP_CLASS_STMT:
      return "CREATE OPERATOR CLASS";
    case PG_QUERY__NODE__NODE_CREATE_OP_FAMILY_STMT:
      return "CREATE OPERATOR FAMILY";
    case PG_QUERY__NODE__NODE_CREATE_CONVERSION_STMT:
      return "CREATE CONVERSION";
    case PG_QUERY__NODE__NODE_CREATE_TRANSFORM_STMT:
      return "CREATE TRANSFORM";
    case PG_QUERY__NODE__NODE_CREATE_PLANG_STMT:
      return "CREATE LANGUAGE";
    case PG_QUERY__NODE__NODE_CREATE_AM_STMT:
      return "CREATE ACCESS METHOD";
    case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT:
      return "CREATE TABLESPACE";
    case PG_QUERY__NODE__NODE_CREATEDB_STMT:
      return "CREATE DATABASE";
    case PG_QUERY__NODE__NODE_SEC_LABEL_STMT:
      return "SECURITY LABEL";
    case PG_QUERY__NODE__NODE_MERGE_STMT:
      return "MERGE";
    case PG_QUERY__NODE__NODE_CALL_STMT:
      return "CALL";
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
      return "TRUNCATE";
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
      return "REFRESH MATERIALIZED VIEW";
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
      return "VACUUM or ANALYZE";
    case PG_QUERY__NODE__NODE_CLUSTER_STMT:
      return "CLUSTER";
    case PG_QUERY__NODE__NODE_LOCK_STMT:
      return "LOCK";
    case PG_QUERY__NODE__NODE_RULE_STMT:
      return "CREATE RULE";
    case PG_QUERY__NODE__NODE_INSERT_STMT:
      return "INSERT";
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
      return "UPDATE";
    case PG_QUERY__NODE__NODE_DELETE_STMT:
      return "DELETE";
    case PG_QUERY__NODE__NODE_DROP_STMT:
      return "DROP";
    case PG_QUERY__NODE__NODE_DO_STMT:
      return "DO block";
    case PG_QUERY__NODE__NODE_SELECT_STMT:
      return "SELECT";
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      return "CREATE TABLE AS";
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
      return "ALTER TYPE";
    case PG_QUERY__NODE__NODE_RENAME_STMT:
      return "RENAME";
    case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT:
      return "CREATE EVENT TRIGGER";
    case PG_QUERY__NODE__NODE_COPY_STMT:
      return "COPY";
    default:
      return node_kind_name(node);
  }
}

namespace {

// A statement that declares nothing sleet models, or that is data rather than schema.
[[noreturn]] void fail_unsupported(Context& context, const PgQuery__Node& node) {
  if (is_data_statement(node)) {
    context.fail(-1, fmt::format("{} in a schema file: schema files hold no data or code to run",
                                 statement_kind(node)),
                 kDataHint);
  }
  context.fail(-1, fmt::format("{} is not supported yet", statement_kind(node)),
               kUnsupportedHint);
}

}  // namespace

namespace {

// The first schema of a search_path value list, "public" when it is empty.
std::string first_schema(const std::vector<std::string>& items) {
  for (const std::string& item : items) {
    std::stringstream parts(item);
    std::string part;
    while (std::getline(parts, part, ',')) {
      part.erase(0, part.find_first_not_of(" \t"));
      part.erase(part.find_last_not_of(" \t") + 1);
      if (part.size() >= 2 && part.front() == '"' && part.back() == '"')
        part = part.substr(1, part.size() - 2);
      if (part.empty() || part == "$user" || part == "pg_catalog") continue;
      return part;
    }
  }
  return "public";
}

bool is_call_to(const PgQuery__Node* node, std::string_view function) {
  if (!node || node->node_case != PG_QUERY__NODE__NODE_FUNC_CALL) return false;
  const PgQuery__FuncCall& call = *node->func_call;
  return call.n_funcname > 0 && string_of(call.funcname[call.n_funcname - 1]) == function;
}

// pg_dump's `SELECT pg_catalog.set_config(...)` and `SELECT pg_catalog.setval(...)`.
bool is_session_select(const PgQuery__SelectStmt& select) {
  if (select.n_target_list == 0 || select.n_from_clause > 0 || select.where_clause) return false;
  for (size_t i = 0; i < select.n_target_list; ++i) {
    const PgQuery__Node* value = select.target_list[i]->res_target->val;
    if (!is_call_to(value, "set_config") && !is_call_to(value, "setval")) return false;
  }
  return true;
}

}  // namespace

// Session statements pg_dump writes: applied to the search_path, else noted and ignored.
// Returns false when `node` is not one of them.
bool apply_session_statement(Context& context, const PgQuery__Node& node, std::string& schema) {
  switch (node.node_case) {
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT: {
      const PgQuery__VariableSetStmt& set = *node.variable_set_stmt;
      if (std::string_view(set.name) == "search_path") {
        schema = first_schema(strings_of(set.args, set.n_args));
      } else {
        context.note(-1, fmt::format("SET {} ignored (session setting)", set.name));
      }
      return true;
    }
    case PG_QUERY__NODE__NODE_SELECT_STMT: {
      const PgQuery__SelectStmt& select = *node.select_stmt;
      if (!is_session_select(select)) return false;
      for (size_t i = 0; i < select.n_target_list; ++i) {
        const PgQuery__FuncCall& call = *select.target_list[i]->res_target->val->func_call;
        if (is_call_to(select.target_list[i]->res_target->val, "set_config") && call.n_args >= 2 &&
            string_of(call.args[0]) == "search_path") {
          schema = first_schema({string_of(call.args[1])});
        } else {
          context.note(-1, "SELECT of a session function ignored");
        }
      }
      return true;
    }
    case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
      context.note(-1, "GRANT/REVOKE of role membership ignored (not part of the schema model)");
      return true;
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
      context.note(-1, "OWNER TO ignored (ownership is not part of the schema model)");
      return true;
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
      context.note(-1, "transaction control ignored");
      return true;
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
      if (node.comment_stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION) return false;
      context.note(-1, "COMMENT ON EXTENSION ignored");
      return true;
    default:
      return false;
  }
}

std::optional<int> phase_of(const PgQuery__Node& node) {
  switch (node.node_case) {
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
      return kNamespaces;
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
    case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
      return kSequences;
    case PG_QUERY__NODE__NODE_CREATE_STMT:
      return kTables;
    case PG_QUERY__NODE__NODE_VIEW_STMT:
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
      return kViews;
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      if (node.create_table_as_stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW)
        return std::nullopt;
      return kViews;
    case PG_QUERY__NODE__NODE_DEFINE_STMT:
      // A collation before the domains and tables that use it; an aggregate after the
      // functions, so its support functions resolve to them.
      if (node.define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION) return kNamespaces;
      if (node.define_stmt->kind != PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE) return std::nullopt;
      return kAlterations;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
    case PG_QUERY__NODE__NODE_INDEX_STMT:
    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
    case PG_QUERY__NODE__NODE_RULE_STMT:
    case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT:
    case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
      return kAlterations;
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
    case PG_QUERY__NODE__NODE_ALTER_EVENT_TRIG_STMT:  // after its CREATE EVENT TRIGGER
    case PG_QUERY__NODE__NODE_ALTER_STATS_STMT:       // after its CREATE STATISTICS
      return kComments;
    case PG_QUERY__NODE__NODE_GRANT_STMT:
    case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
      return kGrants;
    default:
      return std::nullopt;
  }
}

void apply_statement(Context& context, const PgQuery__Node& node) {
  switch (node.node_case) {
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
      return apply_create_schema(context, *node.create_schema_stmt);
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
      return apply_create_extension(context, *node.create_extension_stmt);
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
      return apply_create_role(context, *node.create_role_stmt);
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
      return apply_create_enum(context, *node.create_enum_stmt);
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
      return apply_create_sequence(context, *node.create_seq_stmt);
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
      return apply_create_domain(context, *node.create_domain_stmt);
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
      return apply_create_composite_type(context, *node.composite_type_stmt);
    case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
      return apply_create_range_type(context, *node.create_range_stmt);
    case PG_QUERY__NODE__NODE_CREATE_STMT:
      return apply_create_table(context, *node.create_stmt);
    case PG_QUERY__NODE__NODE_VIEW_STMT:
      return apply_create_view(context, *node.view_stmt);
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      return apply_create_materialized_view(context, *node.create_table_as_stmt);
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
      return apply_alter_table(context, *node.alter_table_stmt);
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
      return apply_alter_sequence(context, *node.alter_seq_stmt);
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      return apply_create_index(context, *node.index_stmt);
    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
      return apply_create_policy(context, *node.create_policy_stmt);
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
      return apply_create_function(context, *node.create_function_stmt);
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
      return apply_create_trigger(context, *node.create_trig_stmt);
    case PG_QUERY__NODE__NODE_DEFINE_STMT:
      if (node.define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION)
        return apply_create_collation(context, *node.define_stmt);
      if (node.define_stmt->kind != PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE)
        fail_unsupported(context, node);
      return apply_create_aggregate(context, *node.define_stmt);
    case PG_QUERY__NODE__NODE_RULE_STMT:
      return apply_create_rule(context, *node.rule_stmt);
    case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT:
      return apply_create_event_trigger(context, *node.create_event_trig_stmt);
    case PG_QUERY__NODE__NODE_ALTER_EVENT_TRIG_STMT:
      return apply_alter_event_trigger(context, *node.alter_event_trig_stmt);
    case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
      return apply_create_statistics(context, *node.create_stats_stmt);
    case PG_QUERY__NODE__NODE_ALTER_STATS_STMT:
      return apply_alter_statistics(context, *node.alter_stats_stmt);
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
      return apply_comment(context, *node.comment_stmt);
    case PG_QUERY__NODE__NODE_GRANT_STMT:
      return apply_grant(context, *node.grant_stmt);
    case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
      return apply_default_privileges(context, *node.alter_default_privileges_stmt);
    default:
      fail_unsupported(context, node);
  }
}

int first_token_at(const SourceFile& file, int offset, int end) {
  if (file.tokens.empty()) return sql::first_token_start(file.text, offset, end);
  auto it = std::lower_bound(file.tokens.begin(), file.tokens.end(), offset,
                             [](const sql::Token& token, int at) { return token.start < at; });
  return it == file.tokens.end() ? offset : it->start;
}

std::vector<sql::Token> statement_tokens(const Statement& statement) {
  const std::vector<sql::Token>& all = statement.file->tokens;
  if (!all.empty()) {
    auto first = std::lower_bound(all.begin(), all.end(), statement.start,
                                  [](const sql::Token& token, int at) { return token.start < at; });
    auto last = std::lower_bound(first, all.end(), statement.end,
                                 [](const sql::Token& token, int at) { return token.start < at; });
    return {first, last};
  }
  std::vector<sql::Token> tokens =
      sql::scan_tokens(std::string_view(statement.file->text)
                           .substr(statement.start, statement.end - statement.start),
                       statement.file->name);
  for (sql::Token& token : tokens) {
    token.start += statement.start;
    token.end += statement.start;
  }
  return tokens;
}

namespace {

// Queues the statements of one parsed file, applying session statements on the way.
// `schema` is the search_path schema in force where the file (or piece) starts. A DROP ...
// IF EXISTS (a re-run guard before a CREATE) goes to `drops`, checked once all is applied.
void queue_file(Context& context, const SourceFile& file, std::string& schema,
                std::vector<QueuedStatement>& queue, std::vector<Statement>& drops) {
  for (size_t i = 0; i < file.tree->size(); ++i) {
    const PgQuery__RawStmt& raw = file.tree->statement(i);
    Statement statement;
    statement.file = &file;
    statement.node = raw.stmt;
    statement.end =
        raw.stmt_len > 0 ? raw.stmt_location + raw.stmt_len : static_cast<int>(file.text.size());
    statement.start = first_token_at(file, raw.stmt_location, statement.end);
    statement.schema = schema;
    context.set_statement(&statement);
    if (apply_session_statement(context, *raw.stmt, schema)) continue;
    if (raw.stmt->node_case == PG_QUERY__NODE__NODE_DROP_STMT && raw.stmt->drop_stmt->missing_ok) {
      drops.push_back(std::move(statement));
      continue;
    }
    std::optional<int> phase = phase_of(*raw.stmt);
    if (!phase) fail_unsupported(context, *raw.stmt);
    queue.push_back(QueuedStatement{std::move(statement), *phase});
  }
  context.set_statement(nullptr);
}

std::string statement_kind_word(PgQuery__ObjectType type) {
  switch (type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      return "TABLE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
      return "VIEW";
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
      return "MATERIALIZED VIEW";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
      return "TYPE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
      return "SEQUENCE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
      return "INDEX";
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
      return "SCHEMA";
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION:
      return "COLLATION";
    default:
      return "object";
  }
}

// Whether the schema the files build holds the object `names` ([schema.]name) of `type`.
bool files_create(const Context& context, PgQuery__ObjectType type,
                  const std::vector<std::string>& names) {
  const Schema& schema = context.schema;
  if (type == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) {
    return names.size() == 1 && (names[0] == "public" || schema.namespaces.contains(names[0]));
  }
  if (names.empty() || names.size() > 2) return false;
  QualifiedName name{names.size() == 2 ? names[0] : context.statement().schema, names.back()};
  switch (type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      return schema.tables.contains(name);
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION:
      return schema.collations.contains(name);
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
      return schema.views.contains(name);
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
      return schema.enums.contains(name) || schema.composite_types.contains(name) ||
             schema.range_types.contains(name);
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
      if (schema.sequences.contains(name)) return true;
      for (const auto& [table_name, table] : schema.tables) {
        for (const Column& column : table.columns) {
          if (column.serial != Serial::None && serial_sequence(table_name, column) == name) {
            return true;
          }
        }
      }
      return false;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
      for (const auto& [table_name, table] : schema.tables) {
        if (table_name.schema == name.schema && table.indexes.contains(name.name)) return true;
      }
      for (const auto& [view_name, view] : schema.views) {
        if (view_name.schema == name.schema && view.indexes.contains(name.name)) return true;
      }
      return false;
    default:
      return false;
  }
}

// A DROP ... IF EXISTS of objects the files create is how schema files are made re-runnable
// with psql: noted and ignored. Dropping anything else has no meaning in a declaration.
void check_rerun_drop(Context& context, const PgQuery__DropStmt& drop) {
  std::vector<std::string> dropped;
  bool created = drop.n_objects > 0;
  for (size_t i = 0; i < drop.n_objects; ++i) {
    const PgQuery__Node* object = drop.objects[i];
    std::vector<std::string> names;
    if (object->node_case == PG_QUERY__NODE__NODE_LIST) {
      names = strings_of(object->list->items, object->list->n_items);
    } else if (object->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
      names = strings_of(object->type_name->names, object->type_name->n_names);
    } else {
      names.push_back(string_of(object));
    }
    std::string display;
    for (const std::string& part : names) display += (display.empty() ? "" : ".") + part;
    dropped.push_back(display);
    if (!files_create(context, drop.remove_type, names)) created = false;
  }
  std::string what = "DROP " + statement_kind_word(drop.remove_type) + " IF EXISTS";
  if (!created) {
    context.fail(-1,
                 fmt::format("{} {}: the schema files do not create it, and a schema file "
                             "declares what exists",
                             what, fmt::join(dropped, ", ")),
                 "remove the DROP; to drop an object, delete its CREATE (or drop it in a "
                 "custom migration: sleet generate --custom)");
  }
  context.note(
      -1, fmt::format("{} {} ignored: the schema files create it", what, fmt::join(dropped, ", ")));
}

// pg_dump writes psql meta-commands (\restrict, \connect) between statements; blanks out
// each such line (keeping offsets) and notes it. The scanner tells a backslash that starts a
// line apart from one inside a string or a function body.
void blank_meta_commands(SourceFile& file, std::vector<std::string>& notes) {
  // Scanning a large file whole costs a third of parsing it: only a text with a backslash
  // can hold a meta-command. Without the tokens, statements find their first token and a
  // view its body by scanning their own text.
  if (file.text.find('\\') == std::string::npos) return;
  try {
    file.tokens = sql::scan_tokens(file.text, file.name);
  } catch (const Error&) {
    // A meta-command's argument need not scan as SQL: pg_dump's `\restrict KEY` has a random
    // key, and one starting with a digit ("9cX...") is trailing junk after a number to the
    // scanner. Scan a copy with the rest of each line that starts with a backslash blanked
    // (same offsets); a text that still fails has an error of its own, reported as usual.
    std::string copy = file.text;
    for (size_t at = copy.find('\\'); at != std::string::npos; at = copy.find('\\', at + 1)) {
      size_t line_start = copy.rfind('\n', at);
      line_start = line_start == std::string::npos ? 0 : line_start + 1;
      if (copy.find_first_not_of(" \t", line_start) != at) continue;
      size_t line_end = std::min(copy.find('\n', at), copy.size());
      std::fill(copy.begin() + static_cast<std::ptrdiff_t>(at) + 1,
                copy.begin() + static_cast<std::ptrdiff_t>(line_end), ' ');
    }
    file.tokens = sql::scan_tokens(copy, file.name);
  }
  bool blanked = false;
  for (const sql::Token& token : file.tokens) {
    if (token.kind != PG_QUERY__TOKEN__ASCII_92) continue;
    size_t line_start = file.text.rfind('\n', token.start);
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    if (file.text.find_first_not_of(" \t", line_start) != static_cast<size_t>(token.start))
      continue;
    size_t line_end = std::min(file.text.find('\n', token.start), file.text.size());
    std::string command = file.text.substr(token.start, line_end - token.start);
    command = command.substr(0, command.find(' '));
    auto [line, column] = file.lines.locate(token.start);
    notes.push_back(fmt::format("{}: psql meta-command {} ignored",
                                format_location(file.name, line, column), command));
    std::fill(file.text.begin() + token.start, file.text.begin() + line_end, ' ');
    blanked = true;
  }
  if (blanked) file.tokens = sql::scan_tokens(file.text, file.name);
}

}  // namespace

void prepare_piece(SourceFile& file, const SourcePiece& piece, std::vector<std::string>& notes) {
  const std::string& sql = piece.source->sql;
  file.name = piece.source->file_name;
  file.text.reserve(piece.end);
  file.text.assign(piece.begin, ' ');
  for (size_t i = sql.find('\n'); i < piece.begin; i = sql.find('\n', i + 1)) file.text[i] = '\n';
  file.text.append(sql, piece.begin, piece.end - piece.begin);
  // Located in the whole text: the blanked part would count a multi-byte character as
  // several columns.
  file.lines = LineIndex(sql);
  blank_meta_commands(file, notes);
  // Read-only from here on: nodes are visited and deparsed, never taken out or freed.
  file.tree = std::make_unique<sql::ParseTree>(file.text, file.name, sql::ParseTree::Memory::Arena);
}

void prepare_source(SourceFile& file, const SchemaSource& source, std::vector<std::string>& notes) {
  prepare_piece(file, SourcePiece{&source, 0, source.sql.size()}, notes);
}

namespace {

// Whether `text` may hold a semicolon inside a statement, which the scanner alone would take
// for an end: only a BEGIN ATOMIC body and a rule's parenthesised action list can. The
// words anywhere, in any case, say maybe (in a name or a comment it only costs a token scan).
bool may_hold_inner_semicolons(const std::string& text) {
  auto mentions = [&](std::string_view word) {
    return std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           }) != text.end();
  };
  return mentions("atomic") || mentions("rule");
}

}  // namespace

std::vector<SourcePiece> split_source(const SchemaSource& source, std::size_t pieces) {
  std::vector<SourcePiece> result{SourcePiece{&source, 0, source.sql.size()}};
  if (pieces < 2) return result;
  // Statement ends: the scanner's semicolons (an unscannable file is not cut: the whole
  // file's parse reports it). A file that may hold a semicolon inside a statement is cut only
  // where a token scan, counting parentheses, says a statement ends, and not at all with a
  // BEGIN ATOMIC body.
  std::vector<size_t> ends;
  if (!may_hold_inner_semicolons(source.sql)) {
    ends = sql::statement_ends(source.sql);
  } else {
    std::vector<sql::Token> tokens;
    try {
      tokens = sql::scan_tokens(source.sql, source.file_name);
    } catch (const Error&) {
      return result;
    }
    int depth = 0;
    for (const sql::Token& token : tokens) {
      if (token.kind == PG_QUERY__TOKEN__ATOMIC) return result;
      if (token.kind == PG_QUERY__TOKEN__ASCII_40) ++depth;
      if (token.kind == PG_QUERY__TOKEN__ASCII_41) --depth;
      if (token.kind == PG_QUERY__TOKEN__ASCII_59 && depth == 0) ends.push_back(token.end);
    }
  }
  result.clear();
  size_t begin = 0;
  auto next_end = ends.begin();
  for (size_t k = 1; k < pieces; ++k) {
    next_end = std::lower_bound(next_end, ends.end(), source.sql.size() * k / pieces);
    if (next_end == ends.end()) break;
    if (*next_end <= begin) continue;
    result.push_back(SourcePiece{&source, begin, *next_end});
    begin = *next_end;
  }
  result.push_back(SourcePiece{&source, begin, source.sql.size()});
  return result;
}

namespace {

std::string read_text(const std::filesystem::path& path) {
  std::error_code error;
  if (auto size = std::filesystem::file_size(path, error); !error && size > kMaxSchemaFileBytes) {
    throw Error(ErrorKind::Usage,
                fmt::format("the schema file is {} MiB; sleet reads schema files of up to {} MiB",
                            size >> 20, kMaxSchemaFileBytes >> 20),
                path.string(),
                "split the schema across several files (`schema` takes globs), or check that "
                "this file is a schema and not a data dump");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::Usage, "cannot read schema file", path.string(),
                "check that the file exists and is readable");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

const std::vector<SchemaSource>& checked_text(const std::vector<SchemaSource>& sources,
                                              std::vector<SchemaSource>& without_marks) {
  bool marked = false;
  for (const SchemaSource& source : sources) {
    marked |= utf8_text(source.sql, source.file_name).size() != source.sql.size();
  }
  if (!marked) return sources;
  without_marks = sources;
  for (SchemaSource& source : without_marks) {
    source.sql.erase(0, source.sql.size() - utf8_text(source.sql, source.file_name).size());
  }
  return without_marks;
}

std::string Context::where(int location) const {
  if (!statement_) return {};
  int offset = location >= 0 ? location : statement_->start;
  auto [line, column] = statement_->file->lines.locate(offset);
  return format_location(statement_->file->name, line, column);
}

const std::vector<sql::Token>& Context::statement_tokens() const {
  if (!tokens_scanned_) {
    tokens_ = sources::statement_tokens(*statement_);
    tokens_scanned_ = true;
  }
  return tokens_;
}

void Context::fail(int location, const std::string& message, const std::string& hint) const {
  throw Error(ErrorKind::Usage, message, where(location), hint);
}

void Context::note(int location, const std::string& message) {
  report_.notes.push_back(where(location) + ": " + message);
}

QualifiedName Context::new_name(const std::string& schema_name, const std::string& name) const {
  QualifiedName created{schema_name.empty() ? statement().schema : schema_name, name};
  if (created.schema != "public" && !first_use_of_schema_.count(created.schema)) {
    first_use_of_schema_.emplace(created.schema, where());
  }
  return created;
}

void Context::check_schemas_declared() const {
  for (const auto& [schema, where] : first_use_of_schema_) {
    if (report_.schema.namespaces.count(schema)) continue;
    throw Error(ErrorKind::Usage,
                fmt::format("schema \"{}\" is used but no file creates it", schema), where,
                fmt::format("add `CREATE SCHEMA {};` to a schema file", schema));
  }
}

QualifiedName Context::new_name(const PgQuery__RangeVar& relation) const {
  return new_name(relation.schemaname, relation.relname);
}

QualifiedName Context::resolve(const std::string& schema_name, const std::string& name,
                               const std::function<bool(const QualifiedName&)>& exists) const {
  if (!schema_name.empty()) return QualifiedName{schema_name, name};
  QualifiedName in_path{statement().schema, name};
  if (in_path.schema == "public" || exists(in_path)) return in_path;
  QualifiedName in_public{"public", name};
  return exists(in_public) ? in_public : in_path;
}

Table& Context::table(const PgQuery__RangeVar& relation) {
  QualifiedName name = resolve(relation.schemaname, relation.relname,
                               [&](const QualifiedName& q) { return schema.tables.contains(q); });
  auto it = schema.tables.find(name);
  if (it == schema.tables.end()) {
    fail(relation.location, fmt::format("table {} does not exist", name.display()),
         "create the table in one of the schema files, or fix the name");
  }
  return it->second;
}

Table& Context::table(const std::vector<std::string>& qualified_name, int location) {
  PgQuery__RangeVar relation = PG_QUERY__RANGE_VAR__INIT;
  std::string schema_name =
      qualified_name.size() > 1 ? qualified_name[qualified_name.size() - 2] : "";
  std::string name = qualified_name.empty() ? "" : qualified_name.back();
  relation.schemaname = schema_name.data();
  relation.relname = name.data();
  relation.location = location;
  return table(relation);
}

}  // namespace sleet::sources

namespace sleet {

ParseReport parse_schema_sources(const std::vector<SchemaSource>& given, unsigned threads) {
  std::vector<SchemaSource> without_marks;
  const std::vector<SchemaSource>& sources = sources::checked_text(given, without_marks);
  ParseReport report;
  sources::Context context(report);
  // Scanning and parsing a file (libpg_query, which keeps its state per thread) does not
  // depend on the other files: that part runs on every core, a large file cut into pieces
  // at statement ends, and the statements are then applied in order on this thread. Notes
  // and the first error come out in file order.
  unsigned workers = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<sources::SourcePiece> pieces;
  for (const SchemaSource& source : sources) {
    size_t count = std::clamp<size_t>(source.sql.size() / sources::kPieceBytes, 1, workers);
    for (const sources::SourcePiece& piece : sources::split_source(source, count))
      pieces.push_back(piece);
  }
  std::vector<sources::SourceFile> files(pieces.size());
  std::vector<sources::QueuedStatement> queue;
  std::vector<std::vector<std::string>> notes(pieces.size());
  std::vector<std::exception_ptr> errors(pieces.size());
  auto prepare = [&](size_t i) {
    try {
      sources::prepare_piece(files[i], pieces[i], notes[i]);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  };
  for_each_index_in_parallel(pieces.size(), threads, prepare);
  for (size_t i = 0; i < pieces.size(); ++i) {
    if (errors[i]) std::rethrow_exception(errors[i]);
    for (std::string& note : notes[i]) report.notes.push_back(std::move(note));
  }
  std::string search_path;
  std::vector<sources::Statement> drops;
  for (size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i].begin == 0) search_path = "public";
    sources::queue_file(context, files[i], search_path, queue, drops);
  }
  std::stable_sort(queue.begin(), queue.end(),
                   [](const auto& a, const auto& b) { return a.phase < b.phase; });
  sources::apply_in_order(context, queue);
  std::vector<const sources::Statement*> attachments;
  for (const sources::QueuedStatement& queued : queue) {
    const PgQuery__Node& node = *queued.statement.node;
    if (node.node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT &&
        sources::is_index_attachment(*node.alter_table_stmt))
      attachments.push_back(&queued.statement);
  }
  sources::apply_index_attachments(context, attachments);
  sources::resolve_references(context);
  sources::check_inherited_column_defaults(context);
  sources::qualify_range_functions(report.schema);
  context.set_statement(nullptr);
  context.check_schemas_declared();
  for (const sources::Statement& drop : drops) {
    context.set_statement(&drop);
    sources::check_rerun_drop(context, *drop.node->drop_stmt);
  }
  context.set_statement(nullptr);
  sources::fold_serial_sequences(report.schema);
  return report;
}

std::vector<SchemaSource> read_schema_sources(const std::vector<std::filesystem::path>& files,
                                              const TypeScriptSchemaOptions& typescript) {
  std::vector<SchemaSource> sources;
  std::vector<std::filesystem::path> typescript_files;
  sources.reserve(files.size());
  for (const auto& path : files) {
    if (is_typescript_schema_file(path)) {
      typescript_files.push_back(path);
    } else {
      sources.push_back(SchemaSource{path.string(), sources::read_text(path)});
    }
  }
  if (!typescript_files.empty()) {
    sources.push_back(export_typescript_schema(typescript_files, typescript).source);
  }
  return sources;
}

ParseReport parse_schema_files_with_notes(const std::vector<std::filesystem::path>& files,
                                          unsigned threads,
                                          const TypeScriptSchemaOptions& typescript) {
  return parse_schema_sources(read_schema_sources(files, typescript), threads);
}

Schema parse_schema_files(const std::vector<std::filesystem::path>& files,
                          const TypeScriptSchemaOptions& typescript) {
  return parse_schema_files_with_notes(files, 0, typescript).schema;
}

Schema parse_schema_sql(std::string_view sql, const std::string& file_name) {
  return parse_schema_sources({SchemaSource{file_name, std::string(sql)}}).schema;
}

}  // namespace sleet
