// Renames followed into SQL text on libpg_query's parse trees, resolving names as the server's
// parse analysis does: FROM items per query level, inner levels first, aliases hiding the
// relation's name, common table expressions hiding tables.
#include "sleet/rename_references.h"

#include <cstdlib>
#include <set>
#include <vector>

#include "sleet/error.h"
#include "sleet/sql.h"
#include "sql/normalize_tree.h"
#include "sql/parse_tree.h"

namespace sleet::sql {

namespace {

const std::string kDefaultSchema = "public";

bool is_string(const PgQuery__Node* node) {
  return node && node->node_case == PG_QUERY__NODE__NODE_STRING;
}

std::string string_of(const PgQuery__Node* node) {
  return is_string(node) ? node->string->sval : "";
}

// Replaces a string field of a heap-allocated tree. An unset field points at protobuf-c's
// shared empty string, which must not be freed.
void set_string(char*& field, const std::string& value) {
  if (field && field[0] != '\0') std::free(field);
  field = allocate_string(value);
}

PgQuery__Node* string_node(const std::string& value) {
  auto* string = static_cast<PgQuery__String*>(std::malloc(sizeof(PgQuery__String)));
  pg_query__string__init(string);
  string->sval = allocate_string(value);
  auto* node = static_cast<PgQuery__Node*>(std::malloc(sizeof(PgQuery__Node)));
  pg_query__node__init(node);
  node->node_case = PG_QUERY__NODE__NODE_STRING;
  node->string = string;
  return node;
}

// Replaces a qualified name (a list of String nodes) with `parts`.
void set_name_list(size_t& count, PgQuery__Node**& items, const std::vector<std::string>& parts) {
  for (size_t i = 0; i < count; ++i) free_node(items[i]);
  std::free(items);
  items = static_cast<PgQuery__Node**>(std::malloc(parts.size() * sizeof(PgQuery__Node*)));
  for (size_t i = 0; i < parts.size(); ++i) items[i] = string_node(parts[i]);
  count = parts.size();
}

std::vector<std::string> name_list(size_t count, PgQuery__Node* const* items) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < count; ++i) {
    if (!is_string(items[i])) return {};
    parts.push_back(items[i]->string->sval);
  }
  return parts;
}

// The output column names of a query, as far as they can be told without the catalog (a
// `*` ends the list).
std::vector<std::string> output_names(const PgQuery__Node* statement) {
  std::vector<std::string> names;
  if (!statement || statement->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) return names;
  const PgQuery__SelectStmt* select = statement->select_stmt;
  while (select->op != PG_QUERY__SET_OPERATION__SETOP_NONE && select->larg) select = select->larg;
  for (size_t i = 0; i < select->n_target_list; ++i) {
    const PgQuery__Node* item = select->target_list[i];
    if (item->node_case != PG_QUERY__NODE__NODE_RES_TARGET) return names;
    const PgQuery__ResTarget& target = *item->res_target;
    if (target.name && target.name[0] != '\0') {
      names.push_back(target.name);
      continue;
    }
    const PgQuery__Node* value = target.val;
    if (value && value->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
      const PgQuery__ColumnRef& ref = *value->column_ref;
      if (!is_string(ref.fields[ref.n_fields - 1])) return names;  // *
      names.push_back(string_of(ref.fields[ref.n_fields - 1]));
    } else if (value && value->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
      const PgQuery__FuncCall& call = *value->func_call;
      names.push_back(string_of(call.funcname[call.n_funcname - 1]));
    } else {
      names.push_back("?column?");
    }
  }
  return names;
}

// One FROM item of a query level: the name it is referred to by, and what it reads.
struct RangeEntry {
  std::string refname;
  std::optional<QualifiedName> relation;  // a table or view of the schema
  bool aliased = false;
  std::vector<std::string> columns;
  size_t columns_renamed_by_alias = 0;  // t AS x(c1, c2): the first ones are no longer t's names
};

struct Scope {
  const Scope* parent = nullptr;
  std::vector<RangeEntry> entries;
  std::set<std::string> ctes;
};

bool is_cte(const Scope* scope, const std::string& name) {
  for (; scope; scope = scope->parent) {
    if (scope->ctes.count(name)) return true;
  }
  return false;
}

class ReferenceRewriter {
 public:
  ReferenceRewriter(const RenamedObject& renamed, const ReferenceContext& context)
      : renamed_(renamed), context_(context) {}

  bool changed() const { return changed_; }

  // The outermost scope: the owner's row, or NEW and OLD.
  Scope root_scope() const {
    Scope scope;
    if (!context_.owner) return scope;
    auto row = [&](const std::string& refname, bool aliased) {
      RangeEntry entry;
      entry.refname = refname;
      entry.relation = *context_.owner;
      entry.aliased = aliased;
      entry.columns = columns_of(*context_.owner);
      scope.entries.push_back(entry);
    };
    if (context_.new_and_old_rows) {
      row("new", true);
      row("old", true);
    } else {
      row(context_.owner->name, false);
    }
    return scope;
  }

  void walk(ProtobufCMessage* message, Scope& scope) {
    if (!message) return;
    const ProtobufCMessageDescriptor* type = message->descriptor;
    if (type == &pg_query__select_stmt__descriptor) {
      select(*reinterpret_cast<PgQuery__SelectStmt*>(message), scope);
    } else if (type == &pg_query__insert_stmt__descriptor) {
      insert(*reinterpret_cast<PgQuery__InsertStmt*>(message), scope);
    } else if (type == &pg_query__update_stmt__descriptor) {
      update(*reinterpret_cast<PgQuery__UpdateStmt*>(message), scope);
    } else if (type == &pg_query__delete_stmt__descriptor) {
      remove(*reinterpret_cast<PgQuery__DeleteStmt*>(message), scope);
    } else if (type == &pg_query__range_var__descriptor) {
      range_var(*reinterpret_cast<PgQuery__RangeVar*>(message), scope);
    } else if (type == &pg_query__column_ref__descriptor) {
      column_ref(*reinterpret_cast<PgQuery__ColumnRef*>(message), scope);
    } else if (type == &pg_query__type_name__descriptor) {
      type_name(*reinterpret_cast<PgQuery__TypeName*>(message));
    } else {
      if (type == &pg_query__func_call__descriptor)
        function_call(*reinterpret_cast<PgQuery__FuncCall*>(message));
      if (type == &pg_query__type_cast__descriptor)
        type_cast(*reinterpret_cast<PgQuery__TypeCast*>(message));
      walk_fields(message, scope, {});
    }
  }

 private:
  // Walks every message field of `message` but those named in `skip`.
  void walk_fields(ProtobufCMessage* message, Scope& scope, const std::set<std::string>& skip) {
    const ProtobufCMessageDescriptor* descriptor = message->descriptor;
    char* base = reinterpret_cast<char*>(message);
    for (unsigned i = 0; i < descriptor->n_fields; ++i) {
      const ProtobufCFieldDescriptor& field = descriptor->fields[i];
      if (field.type != PROTOBUF_C_TYPE_MESSAGE || skip.count(field.name)) continue;
      if (field.label == PROTOBUF_C_LABEL_REPEATED) {
        size_t count = *reinterpret_cast<size_t*>(base + field.quantifier_offset);
        auto** items = *reinterpret_cast<ProtobufCMessage***>(base + field.offset);
        for (size_t k = 0; k < count; ++k) walk(items[k], scope);
        continue;
      }
      // Members of a oneof (a Node's payload) share storage: only the held one is valid.
      if ((field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
          *reinterpret_cast<uint32_t*>(base + field.quantifier_offset) != field.id)
        continue;
      walk(*reinterpret_cast<ProtobufCMessage**>(base + field.offset), scope);
    }
  }

  std::vector<std::string> columns_of(const QualifiedName& name) const {
    std::vector<std::string> columns;
    if (auto it = context_.schema->tables.find(name); it != context_.schema->tables.end()) {
      for (const Column& column : it->second.columns) columns.push_back(column.name);
    } else if (auto view = context_.schema->views.find(name);
               view != context_.schema->views.end()) {
      try {
        ParseTree tree(view->second.query.canonical, "view");
        if (tree.size() == 1) columns = output_names(tree.statement(0).stmt);
      } catch (const Error&) {
      }
      const auto& declared = view->second.column_names;
      for (size_t i = 0; i < declared.size() && i < columns.size(); ++i) columns[i] = declared[i];
    }
    return columns;
  }

  QualifiedName relation_name(const PgQuery__RangeVar& relation) const {
    std::string schema = relation.schemaname ? relation.schemaname : "";
    return QualifiedName{schema.empty() ? kDefaultSchema : schema, relation.relname};
  }

  RangeEntry entry_for(const PgQuery__RangeVar& relation, const Scope& scope) const {
    RangeEntry entry;
    entry.aliased = relation.alias != nullptr;
    entry.refname = relation.alias ? relation.alias->aliasname : relation.relname;
    bool qualified = relation.schemaname && relation.schemaname[0] != '\0';
    if (qualified || !is_cte(&scope, relation.relname)) {
      entry.relation = relation_name(relation);
      entry.columns = columns_of(*entry.relation);
    }
    if (relation.alias) alias_columns(*relation.alias, entry);
    return entry;
  }

  static void alias_columns(const PgQuery__Alias& alias, RangeEntry& entry) {
    for (size_t i = 0; i < alias.n_colnames; ++i) {
      std::string name = string_of(alias.colnames[i]);
      if (i < entry.columns.size()) {
        entry.columns[i] = name;
      } else {
        entry.columns.push_back(name);
      }
    }
    entry.columns_renamed_by_alias = alias.n_colnames;
  }

  void add_ctes(PgQuery__WithClause* with, Scope& scope) {
    if (!with) return;
    for (size_t i = 0; i < with->n_ctes; ++i) {
      if (with->ctes[i]->node_case == PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR)
        scope.ctes.insert(with->ctes[i]->common_table_expr->ctename);
    }
    for (size_t i = 0; i < with->n_ctes; ++i) walk(&with->ctes[i]->base, scope);
  }

  // A FROM item: its entry joins `scope` (a join adds both sides); sub-queries see `outer`
  // unless LATERAL.
  void from_item(PgQuery__Node* item, Scope& scope, Scope& outer) {
    switch (item->node_case) {
      case PG_QUERY__NODE__NODE_RANGE_VAR: {
        RangeEntry entry = entry_for(*item->range_var, scope);
        range_var(*item->range_var, scope);
        scope.entries.push_back(std::move(entry));
        break;
      }
      case PG_QUERY__NODE__NODE_JOIN_EXPR: {
        PgQuery__JoinExpr& join = *item->join_expr;
        from_item(join.larg, scope, outer);
        from_item(join.rarg, scope, outer);
        walk(reinterpret_cast<ProtobufCMessage*>(join.quals), scope);
        if (join.alias) scope.entries.push_back(RangeEntry{join.alias->aliasname, {}, true, {}, 0});
        break;
      }
      case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
        PgQuery__RangeSubselect& subselect = *item->range_subselect;
        walk(reinterpret_cast<ProtobufCMessage*>(subselect.subquery),
             subselect.lateral ? scope : outer);
        RangeEntry entry;
        entry.aliased = true;
        entry.columns = output_names(subselect.subquery);
        if (subselect.alias) {
          entry.refname = subselect.alias->aliasname;
          alias_columns(*subselect.alias, entry);
        }
        scope.entries.push_back(std::move(entry));
        break;
      }
      case PG_QUERY__NODE__NODE_RANGE_FUNCTION: {
        PgQuery__RangeFunction& function = *item->range_function;
        walk_fields(&function.base, scope, {"alias"});
        RangeEntry entry;
        entry.aliased = true;
        if (function.alias) {
          entry.refname = function.alias->aliasname;
          alias_columns(*function.alias, entry);
        }
        scope.entries.push_back(std::move(entry));
        break;
      }
      default:
        walk(&item->base, scope);
    }
  }

  void select(PgQuery__SelectStmt& select, Scope& outer) {
    Scope scope{&outer, {}, {}};
    add_ctes(select.with_clause, scope);
    if (select.op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
      walk(&select.larg->base, scope);
      walk(&select.rarg->base, scope);
      walk_fields(&select.base, scope, {"with_clause", "larg", "rarg"});
      return;
    }
    for (size_t i = 0; i < select.n_from_clause; ++i)
      from_item(select.from_clause[i], scope, outer);
    for (size_t i = 0; i < select.n_target_list; ++i) output_column(select.target_list[i], scope);
    walk_fields(&select.base, scope, {"with_clause", "from_clause", "target_list"});
  }

  // A select-list entry keeps its output name when the column it shows is renamed.
  void output_column(PgQuery__Node* item, Scope& scope) {
    if (item->node_case != PG_QUERY__NODE__NODE_RES_TARGET) return walk(&item->base, scope);
    PgQuery__ResTarget& target = *item->res_target;
    PgQuery__Node* value = target.val;
    bool unnamed = !target.name || target.name[0] == '\0';
    PgQuery__String* shown = nullptr;
    if (unnamed && value && value->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
      PgQuery__ColumnRef& ref = *value->column_ref;
      if (is_string(ref.fields[ref.n_fields - 1])) shown = ref.fields[ref.n_fields - 1]->string;
    }
    std::string before = shown ? shown->sval : "";
    walk(&item->base, scope);
    if (shown && before != shown->sval) set_string(target.name, before);
  }

  // The target of INSERT, UPDATE or DELETE joins `scope`; whether it is the renamed table.
  bool target_relation(PgQuery__RangeVar* relation, Scope& scope) {
    if (!relation) return false;
    RangeEntry entry = entry_for(*relation, scope);
    bool is_renamed = entry.relation == renamed_.old_name;
    range_var(*relation, scope);
    scope.entries.push_back(std::move(entry));
    return is_renamed;
  }

  // SET a = ..., INSERT INTO t (a, ...): the names of the target's columns.
  void target_columns(size_t count, PgQuery__Node** items, bool of_renamed_table) {
    if (!of_renamed_table || renamed_.kind != RenamedObject::Kind::Column) return;
    for (size_t i = 0; i < count; ++i) {
      if (items[i]->node_case != PG_QUERY__NODE__NODE_RES_TARGET) continue;
      PgQuery__ResTarget& target = *items[i]->res_target;
      if (target.name && renamed_.old_column == target.name) {
        set_string(target.name, renamed_.new_column);
        changed_ = true;
      }
    }
  }

  void insert(PgQuery__InsertStmt& insert, Scope& outer) {
    Scope ctes{&outer, {}, {}};
    add_ctes(insert.with_clause, ctes);
    walk(reinterpret_cast<ProtobufCMessage*>(insert.select_stmt), ctes);
    Scope scope{&ctes, {}, {}};
    bool renamed_table = target_relation(insert.relation, scope);
    target_columns(insert.n_cols, insert.cols, renamed_table);
    walk_fields(&insert.base, scope, {"with_clause", "select_stmt", "relation", "cols"});
  }

  void update(PgQuery__UpdateStmt& update, Scope& outer) {
    Scope scope{&outer, {}, {}};
    add_ctes(update.with_clause, scope);
    bool renamed_table = target_relation(update.relation, scope);
    for (size_t i = 0; i < update.n_from_clause; ++i)
      from_item(update.from_clause[i], scope, outer);
    target_columns(update.n_target_list, update.target_list, renamed_table);
    walk_fields(&update.base, scope, {"with_clause", "relation", "from_clause"});
  }

  void remove(PgQuery__DeleteStmt& remove, Scope& outer) {
    Scope scope{&outer, {}, {}};
    add_ctes(remove.with_clause, scope);
    target_relation(remove.relation, scope);
    for (size_t i = 0; i < remove.n_using_clause; ++i)
      from_item(remove.using_clause[i], scope, outer);
    walk_fields(&remove.base, scope, {"with_clause", "relation", "using_clause"});
  }

  void range_var(PgQuery__RangeVar& relation, const Scope& scope) {
    bool qualified = relation.schemaname && relation.schemaname[0] != '\0';
    if (!qualified && is_cte(&scope, relation.relname)) return;
    QualifiedName name = relation_name(relation);
    switch (renamed_.kind) {
      case RenamedObject::Kind::Schema:
        if (name.schema != renamed_.old_name.schema) return;
        set_string(relation.schemaname, renamed_.new_name.schema);
        changed_ = true;
        return;
      case RenamedObject::Kind::Relation:
        if (name != renamed_.old_name) return;
        set_string(relation.relname, renamed_.new_name.name);
        if (qualified || renamed_.new_name.schema != kDefaultSchema)
          set_string(relation.schemaname, renamed_.new_name.schema);
        changed_ = true;
        return;
      default:
        return;
    }
  }

  // The entry a qualified reference names: the innermost with that name.
  static const RangeEntry* entry_named(const Scope& scope, const std::string& refname) {
    for (const Scope* level = &scope; level; level = level->parent) {
      for (const RangeEntry& entry : level->entries)
        if (entry.refname == refname) return &entry;
    }
    return nullptr;
  }

  static const RangeEntry* entry_of_relation(const Scope& scope, const QualifiedName& name) {
    for (const Scope* level = &scope; level; level = level->parent) {
      for (const RangeEntry& entry : level->entries)
        if (!entry.aliased && entry.relation == name) return &entry;
    }
    return nullptr;
  }

  // The entry an unqualified column belongs to: the innermost level with an entry that has
  // such a column (the server refuses two at one level).
  static const RangeEntry* entry_with_column(const Scope& scope, const std::string& column) {
    for (const Scope* level = &scope; level; level = level->parent) {
      for (const RangeEntry& entry : level->entries) {
        for (const std::string& name : entry.columns)
          if (name == column) return &entry;
      }
    }
    return nullptr;
  }

  bool reaches_renamed_column(const RangeEntry* entry, const std::string& column) const {
    if (!entry || entry->relation != renamed_.old_name || column != renamed_.old_column)
      return false;
    for (size_t i = 0; i < entry->columns_renamed_by_alias && i < entry->columns.size(); ++i) {
      if (entry->columns[i] == column) return false;
    }
    return true;
  }

  void column_ref(PgQuery__ColumnRef& ref, const Scope& scope) {
    size_t count = ref.n_fields;
    for (size_t i = 0; i + 1 < count; ++i)
      if (!is_string(ref.fields[i])) return;
    PgQuery__Node* last = ref.fields[count - 1];
    std::string column = string_of(last);  // empty for *
    const RangeEntry* entry = nullptr;
    if (count == 1) {
      if (!column.empty()) entry = entry_with_column(scope, column);
    } else if (count == 2) {
      entry = entry_named(scope, string_of(ref.fields[0]));
    } else if (count == 3) {
      entry = entry_of_relation(scope,
                                QualifiedName{string_of(ref.fields[0]), string_of(ref.fields[1])});
    }
    if (!entry) return;
    switch (renamed_.kind) {
      case RenamedObject::Kind::Column:
        if (is_string(last) && reaches_renamed_column(entry, column)) {
          set_string(last->string->sval, renamed_.new_column);
          changed_ = true;
        }
        return;
      case RenamedObject::Kind::Relation:
        if (entry->aliased || entry->relation != renamed_.old_name || count < 2) return;
        set_string(ref.fields[count - 2]->string->sval, renamed_.new_name.name);
        if (count == 3) set_string(ref.fields[0]->string->sval, renamed_.new_name.schema);
        changed_ = true;
        return;
      case RenamedObject::Kind::Schema:
        if (count == 3 && string_of(ref.fields[0]) == renamed_.old_name.schema) {
          set_string(ref.fields[0]->string->sval, renamed_.new_name.schema);
          changed_ = true;
        }
        return;
      default:
        return;
    }
  }

  void type_name(PgQuery__TypeName& type) {
    if (type.pct_type) return;
    std::vector<std::string> parts = name_list(type.n_names, type.names);
    if (parts.empty()) return;
    if (renamed_.kind == RenamedObject::Kind::Type) {
      bool match = (parts.size() == 1 && renamed_.old_name.schema == kDefaultSchema &&
                    parts[0] == renamed_.old_name.name) ||
                   (parts.size() == 2 && parts[0] == renamed_.old_name.schema &&
                    parts[1] == renamed_.old_name.name);
      if (!match) return;
      if (parts.size() == 1 && renamed_.new_name.schema == kDefaultSchema) {
        set_name_list(type.n_names, type.names, {renamed_.new_name.name});
      } else {
        set_name_list(type.n_names, type.names, {renamed_.new_name.schema, renamed_.new_name.name});
      }
      changed_ = true;
    } else if (renamed_.kind == RenamedObject::Kind::Schema && parts.size() == 2 &&
               parts[0] == renamed_.old_name.schema) {
      set_name_list(type.n_names, type.names, {renamed_.new_name.schema, parts[1]});
      changed_ = true;
    }
  }

  void function_call(PgQuery__FuncCall& call) {
    std::vector<std::string> parts = name_list(call.n_funcname, call.funcname);
    if (renamed_.kind == RenamedObject::Kind::Schema && parts.size() == 2 &&
        parts[0] == renamed_.old_name.schema) {
      set_name_list(call.n_funcname, call.funcname, {renamed_.new_name.schema, parts[1]});
      changed_ = true;
    }
    // nextval('seq') takes a regclass: the literal is the sequence's name.
    static const std::set<std::string> kSequenceFunctions{"nextval", "currval", "setval"};
    if (parts.empty() || !kSequenceFunctions.count(parts.back()) || call.n_args == 0) return;
    relation_literal(call.args[0]);
  }

  void type_cast(PgQuery__TypeCast& cast) {
    std::vector<std::string> parts = cast.type_name
                                         ? name_list(cast.type_name->n_names, cast.type_name->names)
                                         : std::vector<std::string>{};
    if (!parts.empty() && parts.back() == "regclass") relation_literal(cast.arg);
  }

  // A relation named by a string literal ('s.t'::regclass): the name as the server's
  // regclass input reads it, written back as regclass output prints it.
  void relation_literal(PgQuery__Node* node) {
    if (!node || node->node_case != PG_QUERY__NODE__NODE_A_CONST ||
        node->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
      return;
    if (renamed_.kind != RenamedObject::Kind::Relation &&
        renamed_.kind != RenamedObject::Kind::Schema)
      return;
    char*& value = node->a_const->sval->sval;
    std::string schema, name;
    try {
      ParseTree tree(std::string("SELECT FROM ") + value, "regclass literal");
      const PgQuery__SelectStmt& select = *tree.statement(0).stmt->select_stmt;
      if (tree.size() != 1 || select.n_from_clause != 1 ||
          select.from_clause[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
        return;
      const PgQuery__RangeVar& relation = *select.from_clause[0]->range_var;
      if (relation.alias || (relation.catalogname && relation.catalogname[0])) return;
      schema = relation.schemaname ? relation.schemaname : "";
      name = relation.relname;
    } catch (const Error&) {
      return;
    }
    bool qualified = !schema.empty();
    QualifiedName relation{qualified ? schema : kDefaultSchema, name};
    if (renamed_.kind == RenamedObject::Kind::Schema) {
      if (relation.schema != renamed_.old_name.schema) return;
      relation.schema = renamed_.new_name.schema;
    } else {
      if (relation != renamed_.old_name) return;
      relation = renamed_.new_name;
    }
    std::string text = quote_identifier_if_needed(relation.name);
    if (qualified || relation.schema != kDefaultSchema)
      text = quote_identifier_if_needed(relation.schema) + "." + text;
    set_string(value, text);
    changed_ = true;
  }

  const RenamedObject& renamed_;
  const ReferenceContext& context_;
  bool changed_ = false;
};

}  // namespace

std::string rename_references_in_expression(std::string_view expression,
                                            const RenamedObject& renamed,
                                            const ReferenceContext& context) {
  try {
    ParseTree tree("SELECT " + std::string(expression), "expression");
    const PgQuery__Node* statement = tree.statement(0).stmt;
    if (tree.size() != 1 || statement->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
        statement->select_stmt->n_target_list != 1)
      return std::string(expression);
    PgQuery__Node* root = statement->select_stmt->target_list[0]->res_target->val;
    ReferenceRewriter rewriter(renamed, context);
    Scope scope = rewriter.root_scope();
    rewriter.walk(&root->base, scope);
    if (!rewriter.changed()) return std::string(expression);
    return deparse_expression(*root);
  } catch (const Error&) {
    return std::string(expression);
  }
}

std::string rename_references_in_statement(std::string_view statement, const RenamedObject& renamed,
                                           const ReferenceContext& context) {
  try {
    ParseTree tree(statement, "statement");
    if (tree.size() != 1) return std::string(statement);
    PgQuery__Node* root = tree.statement(0).stmt;
    ReferenceRewriter rewriter(renamed, context);
    Scope scope = rewriter.root_scope();
    rewriter.walk(&root->base, scope);
    if (!rewriter.changed()) return std::string(statement);
    return deparse_statement(*root);
  } catch (const Error&) {
    return std::string(statement);
  }
}

}  // namespace sleet::sql
