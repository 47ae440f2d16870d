// Rename questions and how a confirmed rename changes the `from` schema.
#include <fmt/format.h>

#include <algorithm>

#include "diff/diff_internal.h"
#include "sleet/error.h"

namespace sleet::diff_detail {

namespace {

template <typename Map, typename Rekey>
void rekey(Map& map, Rekey rekey_one) {
  Map out;
  for (auto& [key, value] : map) {
    auto new_key = rekey_one(key, value);
    out.emplace(new_key, std::move(value));
  }
  map = std::move(out);
}

void rename_in(std::vector<std::string>& columns, const std::string& old_name,
               const std::string& new_name) {
  std::replace(columns.begin(), columns.end(), old_name, new_name);
}

void rename_column(Schema& schema, const QualifiedName& table_name, const std::string& old_name,
                   const std::string& new_name) {
  auto it = schema.tables.find(table_name);
  if (it == schema.tables.end()) return;
  Table& table = it->second;
  if (Column* column = table.find_column(old_name)) column->name = new_name;
  if (table.primary_key) rename_in(table.primary_key->columns, old_name, new_name);
  for (auto& [name, key] : table.foreign_keys) rename_in(key.columns, old_name, new_name);
  for (auto& [name, unique] : table.unique_constraints)
    rename_in(unique.columns, old_name, new_name);
  for (auto& [name, index] : table.indexes) {
    for (IndexElement& element : index.elements) {
      if (element.column == old_name) element.column = new_name;
    }
    rename_in(index.include, old_name, new_name);
  }
  for (auto& [name, exclusion] : table.exclusion_constraints) {
    for (IndexElement& element : exclusion.elements) {
      if (element.column == old_name) element.column = new_name;
    }
    rename_in(exclusion.include, old_name, new_name);
  }
  for (auto& [name, trigger] : table.triggers)
    rename_in(trigger.update_columns, old_name, new_name);
  for (auto& [name, statistics] : table.statistics)
    rename_in(statistics.columns, old_name, new_name);
  for (auto& [name, other] : schema.tables) {
    for (auto& [key_name, key] : other.foreign_keys) {
      if (key.references == table_name) rename_in(key.referenced_columns, old_name, new_name);
    }
  }
  for (auto& [name, sequence] : schema.sequences) {
    if (name.schema == table_name.schema && sequence.owned_by == table_name.name + "." + old_name)
      sequence.owned_by = table_name.name + "." + new_name;
  }
}

// Sequences owned by a table's columns: PostgreSQL moves them with the table.
void rename_table(Schema& schema, const QualifiedName& old_name, const QualifiedName& new_name) {
  rekey(schema.tables, [&](const QualifiedName& key, Table& table) {
    if (key == old_name) table.name = new_name;
    return table.name;
  });
  for (auto& [name, table] : schema.tables) {
    for (auto& [key_name, key] : table.foreign_keys) {
      if (key.references == old_name) key.references = new_name;
    }
    if (table.partition_of == old_name) table.partition_of = new_name;
    for (QualifiedName& parent : table.inherits)
      if (parent == old_name) parent = new_name;
    if (name != new_name || old_name.schema == new_name.schema) continue;
    for (Column& column : table.columns) {
      if (column.identity && column.identity->sequence.schema == old_name.schema)
        column.identity->sequence.schema = new_name.schema;
    }
  }
  rekey(schema.sequences, [&](const QualifiedName& key, Sequence& sequence) {
    if (key.schema == old_name.schema && sequence.owned_by &&
        sequence.owned_by->starts_with(old_name.name + ".")) {
      sequence.owned_by = new_name.name + sequence.owned_by->substr(old_name.name.size());
      sequence.name.schema = new_name.schema;
    }
    return sequence.name;
  });
}

// Everything that names the type `old_name` by its name (columns, domains, attributes, range
// subtypes, function parameters and results) names `new_name` instead, as the server's
// catalog does after ALTER TYPE ... RENAME TO / SET SCHEMA (it refers to types by oid).
void follow_type_rename(Schema& schema, const QualifiedName& old_name,
                        const QualifiedName& new_name) {
  auto follow = [&](TypeName& type) {
    if (type.schema == old_name.schema && type.name == old_name.name) {
      type.schema = new_name.schema;
      type.name = new_name.name;
    }
  };
  for (auto& [name, table] : schema.tables) {
    for (Column& column : table.columns) follow(column.type);
  }
  for (auto& [name, domain] : schema.domains) follow(domain.base_type);
  for (auto& [name, composite] : schema.composite_types) {
    for (CompositeAttribute& attribute : composite.attributes) follow(attribute.type);
  }
  for (auto& [name, range] : schema.range_types) follow(range.subtype);
  rekey(schema.functions, [&](const QualifiedName&, Function& function) {
    for (FunctionParameter& parameter : function.parameters) follow(parameter.type);
    follow(function.returns);
    if (function.aggregate) {
      follow(function.aggregate->state_type);
      follow(function.aggregate->moving_state_type);
    }
    return function_key(function);
  });
}

void rename_enum(Schema& schema, const QualifiedName& old_name, const QualifiedName& new_name) {
  rekey(schema.enums, [&](const QualifiedName& key, Enum& type) {
    if (key == old_name) type.name = new_name;
    return type.name;
  });
  follow_type_rename(schema, old_name, new_name);
}

template <typename Object>
void rename_type(std::map<QualifiedName, Object>& types, Schema& schema,
                 const QualifiedName& old_name, const QualifiedName& new_name) {
  rekey(types, [&](const QualifiedName& key, Object& type) {
    if (key == old_name) type.name = new_name;
    return type.name;
  });
  follow_type_rename(schema, old_name, new_name);
}

// A range's multirange type follows the range into its schema, and of the default name, into
// its new name (the plan renames or moves it too); one named explicitly keeps its name.
void rename_range(Schema& schema, const QualifiedName& old_name, const QualifiedName& new_name) {
  auto it = schema.range_types.find(old_name);
  if (it == schema.range_types.end()) return;
  bool default_multirange = it->second.multirange_name.empty();
  QualifiedName old_multirange{old_name.schema, it->second.multirange_type_name()};
  rename_type(schema.range_types, schema, old_name, new_name);
  QualifiedName new_multirange{new_name.schema, old_multirange.name};
  if (default_multirange) new_multirange.name = RangeType{new_name}.multirange_type_name();
  follow_type_rename(schema, old_multirange, new_multirange);
}

void rename_attribute(Schema& schema, const QualifiedName& type_name, const std::string& old_name,
                      const std::string& new_name) {
  auto it = schema.composite_types.find(type_name);
  if (it == schema.composite_types.end()) return;
  for (CompositeAttribute& attribute : it->second.attributes) {
    if (attribute.name == old_name) attribute.name = new_name;
  }
}

void rename_schema(Schema& schema, const std::string& old_name, const std::string& new_name) {
  auto move = [&](QualifiedName& name) {
    if (name.schema == old_name) name.schema = new_name;
  };
  if (auto node = schema.namespaces.extract(old_name)) {
    node.key() = new_name;
    node.mapped().name = new_name;
    schema.namespaces.insert(std::move(node));
  }
  for (auto& [name, extension] : schema.extensions) {
    if (extension.schema == old_name) extension.schema = new_name;
  }
  rekey(schema.enums, [&](const QualifiedName&, Enum& type) {
    move(type.name);
    return type.name;
  });
  rekey(schema.sequences, [&](const QualifiedName&, Sequence& sequence) {
    move(sequence.name);
    return sequence.name;
  });
  rekey(schema.domains, [&](const QualifiedName&, Domain& domain) {
    move(domain.name);
    if (domain.base_type.schema == old_name) domain.base_type.schema = new_name;
    return domain.name;
  });
  rekey(schema.composite_types, [&](const QualifiedName&, CompositeType& composite) {
    move(composite.name);
    for (CompositeAttribute& attribute : composite.attributes)
      if (attribute.type.schema == old_name) attribute.type.schema = new_name;
    return composite.name;
  });
  rekey(schema.range_types, [&](const QualifiedName&, RangeType& range) {
    move(range.name);
    if (range.subtype.schema == old_name) range.subtype.schema = new_name;
    return range.name;
  });
  rekey(schema.views, [&](const QualifiedName&, View& view) {
    move(view.name);
    return view.name;
  });
  rekey(schema.tables, [&](const QualifiedName&, Table& table) {
    move(table.name);
    for (Column& column : table.columns) {
      if (column.type.schema == old_name) column.type.schema = new_name;
      if (column.identity) move(column.identity->sequence);
    }
    for (auto& [key_name, key] : table.foreign_keys) move(key.references);
    for (auto& [trigger_name, trigger] : table.triggers) move(trigger.function);
    return table.name;
  });
  for (auto& [name, trigger] : schema.event_triggers) move(trigger.function);
  // ALTER SCHEMA ... RENAME takes the functions along; their bodies keep their text.
  rekey(schema.functions, [&](const QualifiedName&, Function& function) {
    move(function.name);
    for (FunctionParameter& parameter : function.parameters) {
      if (parameter.type.schema == old_name) parameter.type.schema = new_name;
    }
    if (function.returns.schema == old_name) function.returns.schema = new_name;
    if (function.aggregate) {
      Aggregate& aggregate = *function.aggregate;
      for (TypeName* type : {&aggregate.state_type, &aggregate.moving_state_type})
        if (type->schema == old_name) type->schema = new_name;
      for (QualifiedName* support :
           {&aggregate.state_function, &aggregate.final_function, &aggregate.combine_function,
            &aggregate.serial_function, &aggregate.deserial_function,
            &aggregate.moving_state_function, &aggregate.moving_inverse_function,
            &aggregate.moving_final_function}) {
        if (support->schema == old_name) support->schema = new_name;
      }
    }
    return function_key(function);
  });
}

}  // namespace

Change make_change(ChangeKind kind, const QualifiedName& object, const std::string& name) {
  Change change{kind, object, name, {}, {}, {}, {}, {}};
  return change;
}

std::vector<std::pair<std::string, std::string>> resolve_renames(
    RenameResolver& resolver, RenameKind kind, const std::string& scope,
    const std::vector<std::string>& created, const std::vector<std::string>& missing) {
  std::vector<std::pair<std::string, std::string>> renames;
  std::vector<std::string> candidates = missing;
  for (const std::string& item : created) {
    if (candidates.empty()) break;
    RenameQuestion question{kind, scope, item, candidates};
    std::optional<std::string> answer = resolver.renamed_from(question);
    if (!answer) continue;
    auto it = std::find(candidates.begin(), candidates.end(), *answer);
    if (it == candidates.end()) {
      throw Error(
          ErrorKind::Usage,
          fmt::format("rename answer '{}' for '{}' is not one of the candidates", *answer, item),
          scope, "answer with one of: " + fmt::format("{}", fmt::join(candidates, ", ")));
    }
    renames.emplace_back(*answer, item);
    candidates.erase(it);
  }
  return renames;
}

namespace {

// Re-keys the member `old_name` of `members` (if there) as `name`.
template <typename Member>
void rename_member(std::map<std::string, Member>& members, const std::string& old_name,
                   const std::string& name) {
  if (auto node = members.extract(old_name)) {
    node.key() = name;
    node.mapped().name = name;
    members.insert(std::move(node));
  }
}

// REPLICA IDENTITY USING INDEX and CLUSTER ON name the index: the server's catalog follows it.
void follow_index_rename(Table& table, const std::string& old_name, const std::string& name) {
  if (table.replica_identity_index == old_name) table.replica_identity_index = name;
  if (table.cluster_on == old_name) table.cluster_on = name;
}

}  // namespace

}  // namespace sleet::diff_detail

namespace sleet {

void apply_rename(Schema& schema, const Change& change) {
  using namespace diff_detail;  // the re-keying helpers above
  // First, while every name is still the old one: the texts that name the object.
  follow_rename_into_texts(schema, change);
  switch (change.kind) {
    case ChangeKind::RenameSchema:
      rename_schema(schema, change.old_object.schema, change.object.schema);
      break;
    case ChangeKind::RenameEnum:
    case ChangeKind::MoveEnum:
      rename_enum(schema, change.old_object, change.object);
      break;
    case ChangeKind::RenameEnumValue:
      if (auto it = schema.enums.find(change.object); it != schema.enums.end()) {
        std::replace(it->second.values.begin(), it->second.values.end(), change.old_name,
                     change.name);
      }
      break;
    case ChangeKind::RenameDomain:
    case ChangeKind::MoveDomain:
      rename_type(schema.domains, schema, change.old_object, change.object);
      break;
    case ChangeKind::RenameCompositeType:
    case ChangeKind::MoveCompositeType:
      rename_type(schema.composite_types, schema, change.old_object, change.object);
      break;
    case ChangeKind::RenameRangeType:
    case ChangeKind::MoveRangeType:
      rename_range(schema, change.old_object, change.object);
      break;
    case ChangeKind::RenameCompositeAttribute:
      rename_attribute(schema, change.object, change.old_name, change.name);
      break;
    case ChangeKind::RenameSequence:
    case ChangeKind::MoveSequence:
      rekey(schema.sequences, [&](const QualifiedName& key, Sequence& sequence) {
        if (key == change.old_object) sequence.name = change.object;
        return sequence.name;
      });
      break;
    case ChangeKind::RenameTable:
    case ChangeKind::MoveTable:
      rename_table(schema, change.old_object, change.object);
      break;
    case ChangeKind::RenameView:
    case ChangeKind::MoveView:
      rekey(schema.views, [&](const QualifiedName& key, View& view) {
        if (key == change.old_object) view.name = change.object;
        return view.name;
      });
      break;
    case ChangeKind::RenameColumn:
      rename_column(schema, change.object, change.old_name, change.name);
      break;
    case ChangeKind::RenameConstraint:
      if (auto it = schema.tables.find(change.object); it != schema.tables.end()) {
        Table& table = it->second;
        if (table.primary_key && table.primary_key->name == change.old_name) {
          table.primary_key->name = change.name;
        }
        rename_member(table.unique_constraints, change.old_name, change.name);
        rename_member(table.check_constraints, change.old_name, change.name);
        rename_member(table.foreign_keys, change.old_name, change.name);
        follow_index_rename(table, change.old_name, change.name);
      }
      break;
    case ChangeKind::RenameIndex:
      if (auto it = schema.tables.find(change.object); it != schema.tables.end()) {
        rename_member(it->second.indexes, change.old_name, change.name);
        follow_index_rename(it->second, change.old_name, change.name);
      }
      break;
    case ChangeKind::RenamePolicy:
      if (auto it = schema.tables.find(change.object); it != schema.tables.end()) {
        rename_member(it->second.policies, change.old_name, change.name);
      }
      break;
    default:
      break;
  }
  rename_grants(schema, change);
}

Schema apply_renames(const Schema& from, const std::vector<Change>& changes) {
  Schema schema = from;
  for (const Change& change : changes) apply_rename(schema, change);
  return schema;
}

}  // namespace sleet
