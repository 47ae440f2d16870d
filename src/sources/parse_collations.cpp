// CREATE COLLATION: provider, locale (or LC_COLLATE and LC_CTYPE), DETERMINISTIC; FROM another
// collation is held as what it copies.
#include <fmt/format.h>

#include "sleet/error.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

constexpr const char* kOptionsHint =
    "write PROVIDER = icu or libc, LOCALE = '...' (or LC_COLLATE and LC_CTYPE for libc) and "
    "DETERMINISTIC = true or false";

// An option's value: a word (icu), a string ('und-u-ks-level2') or a number.
std::string option_value(const PgQuery__DefElem& option) {
  if (option.arg && option.arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
    const PgQuery__TypeName& type = *option.arg->type_name;
    std::vector<std::string> names = strings_of(type.names, type.n_names);
    return names.empty() ? std::string() : names.back();
  }
  return option.arg ? string_of(option.arg) : std::string();
}

bool deterministic_value(Context& context, const PgQuery__DefElem& option) {
  if (!option.arg) return true;
  std::string value = lower_case(option_value(option));
  if (value == "true" || value == "on" || value == "yes" || value == "1") return true;
  if (value == "false" || value == "off" || value == "no" || value == "0") return false;
  context.fail(option.location, fmt::format("DETERMINISTIC = {} is not a boolean", value),
               "write DETERMINISTIC = true or DETERMINISTIC = false");
}

// The collation `names` (CREATE COLLATION ... FROM names) copies: one the files declare, or one
// of the server's own whose definition its name tells (C, POSIX, ucs_basic, <locale>-x-icu).
Collation copied_collation(Context& context, const PgQuery__DefElem& from) {
  std::vector<std::string> names;
  if (from.arg && from.arg->node_case == PG_QUERY__NODE__NODE_LIST)
    names = strings_of(from.arg->list->items, from.arg->list->n_items);
  if (names.empty() || names.size() > 2)
    context.fail(from.location, "CREATE COLLATION ... FROM names a collation as [schema.]name");
  const std::map<QualifiedName, Collation>& declared = context.schema.collations;
  if (names.size() == 1 || names[0] != "pg_catalog") {
    QualifiedName name =
        context.resolve(names.size() > 1 ? names[0] : "", names.back(),
                        [&](const QualifiedName& q) { return declared.contains(q); });
    if (auto it = declared.find(name); it != declared.end()) return it->second;
    if (names.size() > 1)
      context.fail(
          from.location,
          fmt::format("collation {} is not declared before this CREATE COLLATION", name.display()),
          "declare it earlier in the schema files, or write the collation's options");
  }
  const std::string& name = names.back();
  Collation copy;
  if (name == "C" || name == "POSIX" || name == "ucs_basic") {
    copy.lc_collate = copy.lc_ctype = name == "POSIX" ? "POSIX" : "C";
    return copy;
  }
  const std::string icu_suffix = "-x-icu";
  if (name.size() > icu_suffix.size() && name.ends_with(icu_suffix)) {
    copy.provider = "icu";
    copy.locale = name.substr(0, name.size() - icu_suffix.size());
    return copy;
  }
  context.fail(from.location,
               fmt::format("CREATE COLLATION ... FROM {}: sleet cannot tell offline what the "
                           "server's collation {} holds",
                           name, name),
               "write the collation's options instead: " + std::string(kOptionsHint));
}

}  // namespace

void apply_create_collation(Context& context, const PgQuery__DefineStmt& statement) {
  std::vector<std::string> names = strings_of(statement.defnames, statement.n_defnames);
  Collation collation;
  std::string locale;
  bool locale_written = false;
  for (size_t i = 0; i < statement.n_definition; ++i) {
    const PgQuery__DefElem& option = *statement.definition[i]->def_elem;
    std::string option_name = lower_case(option.defname);
    if (option_name == "from") {
      collation = copied_collation(context, option);
    } else if (option_name == "provider") {
      std::string provider = lower_case(option_value(option));
      if (provider != "icu" && provider != "libc") {
        context.fail(option.location,
                     fmt::format("collation provider {} is not known", option_value(option)),
                     "write PROVIDER = icu or PROVIDER = libc");
      }
      collation.provider = provider;
    } else if (option_name == "locale") {
      locale = option_value(option);
      locale_written = true;
    } else if (option_name == "lc_collate") {
      collation.lc_collate = option_value(option);
    } else if (option_name == "lc_ctype") {
      collation.lc_ctype = option_value(option);
    } else if (option_name == "deterministic") {
      collation.deterministic = deterministic_value(context, option);
    } else if (option_name == "version") {
      context.note(option.location,
                   "VERSION of a collation ignored (it is the collation library's, not the "
                   "schema's)");
    } else {
      context.fail(option.location, fmt::format("collation option {} is not known", option.defname),
                   kOptionsHint);
    }
  }
  collation.name = context.new_name(names.size() > 1 ? names[names.size() - 2] : "", names.back());
  if (collation.provider == "icu") {
    if (!locale_written && collation.locale.empty()) {
      context.fail(-1, fmt::format("ICU collation {} names no LOCALE", collation.name.display()),
                   "write LOCALE = '...' (for example 'und-u-ks-level2')");
    }
    if (locale_written) collation.locale = locale;
    collation.lc_collate.clear();
    collation.lc_ctype.clear();
  } else {
    if (locale_written) {
      if (collation.lc_collate.empty()) collation.lc_collate = locale;
      if (collation.lc_ctype.empty()) collation.lc_ctype = locale;
    }
    collation.locale.clear();
    if (collation.lc_collate.empty() || collation.lc_ctype.empty()) {
      context.fail(-1,
                   fmt::format("libc collation {} names no LC_COLLATE or LC_CTYPE",
                               collation.name.display()),
                   "write LOCALE = '...', or both LC_COLLATE and LC_CTYPE");
    }
    if (!collation.deterministic) {
      context.fail(
          -1, fmt::format("libc collation {} cannot be nondeterministic", collation.name.display()),
          "use PROVIDER = icu for DETERMINISTIC = false (the server refuses it too)");
    }
  }
  auto it = context.schema.collations.find(collation.name);
  auto earlier = context.names.add_object("collation", collation.name.display(), context.where(),
                                          statement.if_not_exists);
  if (earlier) {
    if (earlier->if_not_exists && it != context.schema.collations.end() && it->second == collation)
      return;
    context.fail(-1,
                 fmt::format("collation {} is defined twice: at {} and at {}",
                             collation.name.display(), earlier->where, context.where()),
                 "keep one definition");
  }
  context.schema.collations.emplace(collation.name, std::move(collation));
}

}  // namespace sleet::sources
