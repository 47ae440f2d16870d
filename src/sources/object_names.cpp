#include "sources/object_names.h"

#include <fmt/format.h>

#include "sleet/error.h"

namespace sleet::sources {

void ObjectNames::add_relation(const QualifiedName& name, const std::string& kind,
                               const std::string& where) {
  auto [it, inserted] = relations_.emplace(name, Site{kind, where});
  if (inserted) return;
  const Site& first = it->second;
  throw Error(ErrorKind::Usage,
              fmt::format("{} {} is defined twice: as a {} at {} and as a {} at {}", kind,
                          name.display(), first.kind, first.where, kind, where),
              where, "keep one definition (tables, views, sequences and indexes share names)");
}

std::optional<ObjectNames::Earlier> ObjectNames::add_object(const std::string& kind,
                                                            const std::string& name,
                                                            const std::string& where,
                                                            bool if_not_exists) {
  auto [it, inserted] = objects_.emplace(std::pair(kind, name), Earlier{where, if_not_exists});
  if (inserted) return std::nullopt;
  Earlier earlier = it->second;
  earlier.if_not_exists = earlier.if_not_exists || if_not_exists;
  it->second.if_not_exists = earlier.if_not_exists;
  return earlier;
}

std::string ObjectNames::choose_relation_name(const std::string& schema, const std::string& name1,
                                              const std::string& name2, const std::string& label,
                                              bool is_constraint) const {
  for (int pass = 0;; ++pass) {
    std::string candidate =
        make_object_name(name1, name2, pass == 0 ? label : label + std::to_string(pass));
    QualifiedName qualified{schema, candidate};
    if (relations_.contains(qualified)) continue;
    if (is_constraint && constraints_.contains(qualified)) continue;
    return candidate;
  }
}

std::string ObjectNames::choose_constraint_name(const std::string& schema, const std::string& name1,
                                                const std::string& name2,
                                                const std::string& label) const {
  for (int pass = 0;; ++pass) {
    std::string candidate =
        make_object_name(name1, name2, pass == 0 ? label : label + std::to_string(pass));
    if (!constraints_.contains(QualifiedName{schema, candidate})) return candidate;
  }
}

void ObjectNames::add_existing(const Schema& schema, const std::string& where) {
  for (const auto& [name, space] : schema.namespaces) add_object("schema", name, where, false);
  for (const auto& [name, extension] : schema.extensions)
    add_object("extension", name, where, false);
  for (const auto& [name, type] : schema.enums) add_object("type", name.display(), where, false);
  for (const auto& [name, type] : schema.composite_types)
    add_object("type", name.display(), where, false);
  for (const auto& [name, range] : schema.range_types) {
    add_object("type", name.display(), where, false);
    add_object("type", QualifiedName{name.schema, range.multirange_type_name()}.display(), where,
               false);
  }
  for (const auto& [name, role] : schema.roles) add_object("role", name, where, false);
  for (const auto& [name, sequence] : schema.sequences) relations_.emplace(name, Site{"sequence", where});
  for (const auto& [name, view] : schema.views) relations_.emplace(name, Site{"view", where});
  for (const auto& [name, table] : schema.tables) {
    for (const QualifiedName& relation : relation_names(table))
      relations_.emplace(relation, Site{"relation", where});
    std::vector<std::string> constraints;
    if (table.primary_key) constraints.push_back(table.primary_key->name);
    for (const auto& [key, item] : table.foreign_keys) constraints.push_back(key);
    for (const auto& [key, item] : table.unique_constraints) constraints.push_back(key);
    for (const auto& [key, item] : table.check_constraints) constraints.push_back(key);
    for (const std::string& constraint : constraints) {
      add_object("constraint", name.display() + "." + constraint, where, false);
      add_constraint(QualifiedName{name.schema, constraint});
    }
    for (const auto& [policy, item] : table.policies)
      add_object("policy", policy + " on table " + name.display(), where, false);
  }
}

std::string name_addition(const std::vector<std::string>& column_names) {
  std::string out;
  for (const std::string& name : column_names) {
    if (!out.empty()) out += "_";
    out += name;
    if (out.size() >= kMaxIdentifierLength) break;
  }
  if (out.size() > kMaxIdentifierLength) out.resize(kMaxIdentifierLength);
  return out;
}

}  // namespace sleet::sources
