// What push, drift and database diffs compare: a database next to a declared schema
// restricted to the same filters and normalised the way the inspector normalises.
#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <future>
#include <iterator>

#include "sleet/error.h"
#include "sleet/normalize.h"
#include "sleet/push.h"

namespace sleet {

InspectOptions inspect_options(const Target& target, const Schema& declared) {
  InspectOptions options;
  options.schema_filter = target.schema_filter;
  for (const auto& [name, ns] : declared.namespaces) {
    if (!schema_selected(options, name)) options.schema_filter.push_back(name);
  }
  options.tables_filter = target.tables_filter;
  for (const auto& [name, role] : declared.roles) options.roles.push_back(name);
  // The roles the files grant to are declared too: their privileges are compared.
  for (const auto& [grant, state] : declared.grants) {
    if (grant.grantee == "public" || declared.roles.contains(grant.grantee)) continue;
    if (std::find(options.grantees.begin(), options.grantees.end(), grant.grantee) ==
        options.grantees.end())
      options.grantees.push_back(grant.grantee);
  }
  // So are those the default privileges name, as grantees or creating roles.
  for (const auto& [privilege, state] : declared.default_privileges) {
    for (const std::string& role : {privilege.grantee, privilege.role}) {
      if (role.empty() || role == "public" || declared.roles.contains(role)) continue;
      if (std::find(options.grantees.begin(), options.grantees.end(), role) ==
          options.grantees.end())
        options.grantees.push_back(role);
    }
  }
  options.migrations_schema = target.migrations_schema;
  options.migrations_table = target.migrations_table;
  return options;
}

Schema with_configured_extensions(const Target& target, Schema declared) {
  for (const std::string& name : target.extensions) {
    if (!declared.extensions.contains(name)) declared.extensions[name] = Extension{name};
  }
  return declared;
}

Schema filter_declared(const Schema& declared, const InspectOptions& options) {
  Schema out = declared;
  std::erase_if(out.namespaces,
                [&](const auto& entry) { return !schema_selected(options, entry.first); });
  std::erase_if(out.enums,
                [&](const auto& entry) { return !schema_selected(options, entry.first.schema); });
  std::erase_if(out.functions,
                [&](const auto& entry) { return !schema_selected(options, entry.first.schema); });
  std::erase_if(out.collations,
                [&](const auto& entry) { return !schema_selected(options, entry.first.schema); });
  std::erase_if(out.domains,
                [&](const auto& entry) { return !schema_selected(options, entry.first.schema); });
  std::erase_if(out.composite_types,
                [&](const auto& entry) { return !schema_selected(options, entry.first.schema); });
  std::erase_if(out.range_types,
                [&](const auto& entry) { return !schema_selected(options, entry.first.schema); });
  // The inspector reads the event triggers whose function is in a selected schema.
  std::erase_if(out.event_triggers, [&](const auto& entry) {
    return !schema_selected(options, entry.second.function.schema);
  });
  auto relation_selected = [&](const QualifiedName& name) {
    return schema_selected(options, name.schema) && table_selected(options, name);
  };
  std::erase_if(out.tables, [&](const auto& entry) { return !relation_selected(entry.first); });
  std::erase_if(out.views, [&](const auto& entry) { return !relation_selected(entry.first); });
  std::erase_if(out.sequences, [&](const auto& entry) {
    const Sequence& sequence = entry.second;
    if (!schema_selected(options, entry.first.schema)) return true;
    // A sequence owned by a table that is left out is not reported by the inspector either.
    if (!sequence.owned_by) return false;
    const std::string& owner = *sequence.owned_by;  // "schema.table.column" or "table.column"
    auto last = owner.rfind('.');
    if (last == std::string::npos) return false;
    std::string relation = owner.substr(0, last);
    auto dot = relation.find('.');
    QualifiedName table = dot == std::string::npos
                              ? QualifiedName{entry.first.schema, relation}
                              : QualifiedName{relation.substr(0, dot), relation.substr(dot + 1)};
    return !relation_selected(table);
  });
  std::erase_if(out.grants, [&](const auto& entry) {
    const Grant& grant = entry.first;
    if (!schema_selected(options, grant.schema)) return true;
    return grant.object_kind == "TABLE" && !relation_selected({grant.schema, grant.name});
  });
  std::erase_if(out.default_privileges, [&](const auto& entry) {
    return !entry.first.schema.empty() && !schema_selected(options, entry.first.schema);
  });
  return out;
}

namespace {

bool glob_matches(const std::string& pattern, const std::string& name) {
  return fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

// A filter that selects nothing is almost always a typo, and silently comparing nothing would
// make push, drift and diff report "no changes". One entry of several that matches nothing
// may be a schema dropped since: not worth an error, but worth a warning (returned).
std::vector<std::string> check_filters_match(const InspectOptions& options, const Schema& database,
                                             const Schema& declared) {
  auto any_schema = [&](const std::string& pattern) {
    if (glob_matches(pattern, "public")) return true;
    for (const Schema* schema : {&database, &declared}) {
      for (const auto& [name, ns] : schema->namespaces) {
        if (glob_matches(pattern, name)) return true;
      }
    }
    return false;
  };
  auto any_relation = [&](const std::string& pattern) {
    auto matches = [&](const QualifiedName& name) {
      return glob_matches(pattern,
                          pattern.find('.') != std::string::npos ? name.display() : name.name);
    };
    for (const Schema* schema : {&database, &declared}) {
      for (const auto& [name, table] : schema->tables) {
        if (matches(name)) return true;
      }
      for (const auto& [name, view] : schema->views) {
        if (matches(name)) return true;
      }
    }
    return false;
  };
  auto entries = [](const std::vector<std::string>& patterns) {
    return fmt::format("'{}'", fmt::join(patterns, "', '"));
  };
  const auto& schemas = options.schema_filter;
  if (!schemas.empty() && std::none_of(schemas.begin(), schemas.end(), any_schema)) {
    throw Error(ErrorKind::Usage,
                fmt::format("schema_filter {} matches no schema in the database or the schema "
                            "files",
                            entries(schemas)),
                "schema_filter", "check the spelling in sleet.toml");
  }
  // Exclusions ("!glob") are not checked: what they match is left out of the database side,
  // so matching nothing there is what they are for.
  std::vector<std::string> tables;
  std::copy_if(options.tables_filter.begin(), options.tables_filter.end(),
               std::back_inserter(tables),
               [](const std::string& pattern) { return !pattern.starts_with('!'); });
  if (!tables.empty() && std::none_of(tables.begin(), tables.end(), any_relation)) {
    throw Error(ErrorKind::Usage,
                fmt::format("tables_filter {} matches no table or view in the database or the "
                            "schema files",
                            entries(tables)),
                "tables_filter", "check the spelling in sleet.toml");
  }
  std::vector<std::string> unmatched;
  for (const std::string& pattern : schemas) {
    if (!any_schema(pattern)) {
      unmatched.push_back(
          fmt::format("schema_filter entry '{}' matches no schema in the "
                      "database or the schema files (a typo?)",
                      pattern));
    }
  }
  for (const std::string& pattern : tables) {
    if (!any_relation(pattern)) {
      unmatched.push_back(
          fmt::format("tables_filter entry '{}' matches no table or view in "
                      "the database or the schema files (a typo?)",
                      pattern));
    }
  }
  return unmatched;
}

// Whether asking the server how it stores the declared objects can change the outcome. An
// object only the files declare is created from its declared text whatever the server would
// print for it, so its spelling matters only when it may be compared with a database object:
// one of the same name that differs, or (through a rename) one the files no longer declare.
// On an empty database, or when push only adds objects, the server round (which creates every
// declared object in a rolled-back transaction) is skipped.
template <typename Map>
bool spelling_matters(const Map& declared, const Map& database) {
  bool only_declared = false;
  for (const auto& [name, object] : declared) {
    auto found = database.find(name);
    if (found == database.end()) {
      only_declared = true;
    } else if (!(found->second == object)) {
      return true;
    }
  }
  if (!only_declared) return false;
  return std::any_of(database.begin(), database.end(),
                     [&](const auto& entry) { return !declared.contains(entry.first); });
}

bool server_spelling_matters(const Schema& declared, const Schema& database) {
  return spelling_matters(declared.tables, database.tables) ||
         spelling_matters(declared.views, database.views) ||
         spelling_matters(declared.enums, database.enums) ||
         spelling_matters(declared.sequences, database.sequences) ||
         spelling_matters(declared.domains, database.domains) ||
         spelling_matters(declared.functions, database.functions);
}

}  // namespace

namespace {

// Default privileges FOR ROLE the connecting role named as the inspector names them: as the
// role running the migrations (""). One query, only when some name a role.
void name_connecting_role(db::Connection& connection, Schema& declared) {
  bool named = std::any_of(declared.default_privileges.begin(), declared.default_privileges.end(),
                           [](const auto& entry) { return !entry.first.role.empty(); });
  if (!named) return;
  std::string current(connection.query("select current_user::text").value(0, 0));
  std::map<DefaultPrivilege, GrantState> renamed;
  for (const auto& [key, state] : declared.default_privileges) {
    DefaultPrivilege privilege = key;
    if (privilege.role == current) privilege.role.clear();
    GrantState& merged = renamed[privilege];
    merged.grant_option = merged.grant_option || state.grant_option;
    merged.revoked = merged.revoked || state.revoked;
  }
  declared.default_privileges = std::move(renamed);
}

// What compare_with_database does once both sides are read: `comparison` holds the database
// and `filtered` (filter_declared of `declared`) normalised offline.
DatabaseComparison finish_comparison_with(db::Connection& connection, const Schema& declared,
                                     const Schema& filtered, const InspectOptions& options,
                                     DatabaseComparison comparison) {
  comparison.unmatched_filters = check_filters_match(options, comparison.database, declared);
  if (!server_spelling_matters(comparison.declared, comparison.database)) return comparison;
  // Differences may be spellings only the server knows how it stores; ask it. This creates
  // the objects in a rolled-back transaction, so it only runs when it can matter.
  // CREATE INDEX CONCURRENTLY cannot run in that transaction block, and how an index is
  // created is no part of what it is: the server gets plain indexes, the plan the originals.
  Schema plain = filtered;
  for (auto& [name, table] : plain.tables) {
    for (auto& [index_name, index] : table.indexes) index.concurrently = false;
  }
  try {
    comparison.declared = normalize_with_server(connection, plain);
  } catch (const Error& error) {
    // A role that may not rename the declared schemas (e.g. does not own public) can still
    // compare with the offline rules; only spellings they cannot know may show as changes.
    if (error.kind() == ErrorKind::Connection) throw;
    comparison.declared = filtered;
    normalize::normalize_schema(comparison.declared);
    comparison.server_normalization_failed = error.describe();
    return comparison;
  }
  for (auto& [name, table] : comparison.declared.tables) {
    auto original = filtered.tables.find(name);
    if (original == filtered.tables.end()) continue;
    for (auto& [index_name, index] : table.indexes) {
      auto it = original->second.indexes.find(index_name);
      if (it != original->second.indexes.end()) index.concurrently = it->second.concurrently;
    }
  }
  normalize::normalize_schema(comparison.declared);
  comparison.server_normalized = true;
  return comparison;
}

DatabaseComparison finish_comparison(db::Connection& connection, const Schema& declared,
                                     const Schema& filtered, const InspectOptions& options,
                                     DatabaseComparison comparison) {
  comparison = finish_comparison_with(connection, declared, filtered, options,
                                      std::move(comparison));
  name_connecting_role(connection, comparison.declared);
  // The catalog's graph orders what the plan drops and creates again: read only when there
  // is something to plan (one more query; a comparison that finds nothing has no use for it).
  if (options.dependencies && !(comparison.database == comparison.declared))
    comparison.database.dependencies = inspect_dependency_graph(connection, options);
  return comparison;
}

// `options` without the dependency graph: finish_comparison reads it when it is needed.
InspectOptions without_graph(InspectOptions options) {
  options.dependencies = false;
  return options;
}

bool same_selection(const InspectOptions& a, const InspectOptions& b) {
  return a.schema_filter == b.schema_filter && a.tables_filter == b.tables_filter &&
         a.roles == b.roles && a.grantees == b.grantees &&
         a.migrations_schema == b.migrations_schema &&
         a.migrations_table == b.migrations_table && a.history_table == b.history_table;
}

// The declared side of a comparison, made on its own thread.
struct DeclaredSide {
  Schema declared;
  InspectOptions options;
  Schema filtered;
  Schema normalized;
};

}  // namespace

DatabaseComparison compare_with_database(db::Connection& connection, const Schema& declared,
                                         const InspectOptions& options) {
  DatabaseComparison comparison;
  // The declared side's offline normalisation needs no database: it runs on a second thread
  // while the catalog is read (each side is about a quarter of a no-change push).
  Schema filtered = filter_declared(declared, options);
  std::future<Schema> normalized = std::async(std::launch::async, [&filtered] {
    Schema out = filtered;
    normalize::normalize_schema(out);
    return out;
  });
  try {
    comparison.database = inspect_database(connection, without_graph(options));
  } catch (...) {
    normalized.wait();
    throw;
  }
  comparison.declared = normalized.get();
  return finish_comparison(connection, declared, filtered, options, std::move(comparison));
}

DatabaseComparison compare_while_declaring(db::Connection& connection, const Target& target,
                                           std::future<Schema> declaring, Schema& declared,
                                           InspectOptions& options) {
  std::future<DeclaredSide> side =
      std::async(std::launch::async, [&target, declaring = std::move(declaring)]() mutable {
        DeclaredSide made;
        made.declared = with_configured_extensions(target, declaring.get());
        made.options = inspect_options(target, made.declared);
        made.filtered = filter_declared(made.declared, made.options);
        made.normalized = made.filtered;
        normalize::normalize_schema(made.normalized);
        return made;
      });
  // What the target selects on its own; the schemas and roles the files create may widen it.
  InspectOptions guess = inspect_options(target, with_configured_extensions(target, Schema{}));
  DatabaseComparison comparison;
  std::exception_ptr inspect_error;
  try {
    comparison.database = inspect_database(connection, without_graph(guess));
  } catch (...) {
    inspect_error = std::current_exception();
  }
  DeclaredSide made = side.get();  // the schema files' errors come first
  if (!same_selection(guess, made.options)) {
    comparison.database = inspect_database(connection, without_graph(made.options));
  } else if (inspect_error) {
    std::rethrow_exception(inspect_error);
  }
  comparison.declared = std::move(made.normalized);
  declared = std::move(made.declared);
  options = std::move(made.options);
  return finish_comparison(connection, declared, made.filtered, options, std::move(comparison));
}

PushPlan plan_push(db::Connection& connection, const Schema& declared,
                   const InspectOptions& options, RenameResolver& resolver) {
  return plan_push(compare_with_database(connection, declared, options), resolver);
}

PushPlan plan_push(DatabaseComparison comparison, RenameResolver& resolver) {
  PushPlan push;
  push.comparison = std::move(comparison);
  push.changes = diff_schemas(push.comparison.database, push.comparison.declared, resolver);
  push.plan = plan_changes(push.changes, push.comparison.database, push.comparison.declared);
  return push;
}

}  // namespace sleet
