#include "sleet/rename_resolvers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "sleet/error.h"

namespace sleet {

namespace {

constexpr std::string_view kCreatePrefix = "create:";

struct KindSyntax {
  RenameKind kind;
  std::string_view word;
};

constexpr KindSyntax kKinds[] = {
    {RenameKind::Schema, "schema"},
    {RenameKind::Enum, "enum"},
    {RenameKind::Sequence, "sequence"},
    {RenameKind::Table, "table"},
    {RenameKind::View, "view"},
    {RenameKind::Column, "column"},
    {RenameKind::Policy, "policy"},
    {RenameKind::EnumValue, "enum-value"},
    {RenameKind::Domain, "domain"},
    {RenameKind::CompositeType, "composite-type"},
    {RenameKind::RangeType, "range-type"},
    {RenameKind::Attribute, "attribute"},
};

// Tables, enums, domains, composite and range types, sequences and views are named
// schema.name; columns and policies live in a table, enum values in an enum, attributes in a
// composite type; schemas are bare names.
bool is_member_kind(RenameKind kind) {
  return kind == RenameKind::Column || kind == RenameKind::Policy ||
         kind == RenameKind::EnumValue || kind == RenameKind::Attribute;
}

// What holds a member: "table", "enum" for an enum's values, "type" for attributes.
std::string container_word(RenameKind kind) {
  if (kind == RenameKind::EnumValue) return "enum";
  if (kind == RenameKind::Attribute) return "type";
  return "table";
}
bool is_qualified_kind(RenameKind kind) {
  return kind != RenameKind::Schema && !is_member_kind(kind);
}

std::string upper(std::string word) {
  for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return word;
}

std::string expected_form(RenameKind kind) {
  std::string word = rename_kind_word(kind);
  if (kind == RenameKind::Schema) return fmt::format("{0}:OLD=NEW or create:{0}:NAME", word);
  if (is_member_kind(kind)) {
    std::string container = upper(container_word(kind));
    return fmt::format("{0}:SCHEMA.{1}.OLD=NEW or create:{0}:SCHEMA.{1}.NAME", word, container);
  }
  return fmt::format("{0}:SCHEMA.OLD=SCHEMA.NEW or create:{0}:SCHEMA.NAME", word);
}

[[noreturn]] void fail(std::string_view spec, const std::string& origin, const std::string& what,
                       const std::string& form) {
  throw Error(ErrorKind::Usage, fmt::format("invalid rename '{}': {}", spec, what), origin,
              fmt::format("write it as {}", form));
}

// Splits "a.\"b.c\".d" into its parts; quotes protect '.', '=' and '"' ("" is a quote).
// Returns nullopt for an unterminated quote or an empty part.
std::optional<std::vector<std::string>> split_name(std::string_view text) {
  std::vector<std::string> parts(1);
  bool quoted_part = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"' && parts.back().empty() && !quoted_part) {
      quoted_part = true;
      size_t j = i + 1;
      for (;; ++j) {
        if (j >= text.size()) return std::nullopt;
        if (text[j] == '"') {
          if (j + 1 < text.size() && text[j + 1] == '"') {
            parts.back() += '"';
            ++j;
            continue;
          }
          break;
        }
        parts.back() += text[j];
      }
      i = j;
      if (parts.back().empty()) return std::nullopt;
    } else if (c == '.') {
      if (parts.back().empty()) return std::nullopt;
      parts.emplace_back();
      quoted_part = false;
    } else {
      if (quoted_part) return std::nullopt;  // text after a closing quote
      parts.back() += c;
    }
  }
  if (parts.back().empty()) return std::nullopt;
  return parts;
}

// Finds '=' outside double quotes.
size_t find_equals(std::string_view text) {
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') quoted = !quoted;
    if (text[i] == '=' && !quoted) return i;
  }
  return std::string_view::npos;
}

std::string quote_part(const std::string& part) {
  if (!part.empty() && part.find_first_of(".=\":") == std::string::npos) return part;
  std::string quoted = "\"";
  for (char c : part) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  return quoted + "\"";
}

// "schema.name" display form -> {schema, name}; a bare name is in public.
std::pair<std::string, std::string> split_display(const std::string& display) {
  size_t dot = display.find('.');
  if (dot == std::string::npos) return {"public", display};
  return {display.substr(0, dot), display.substr(dot + 1)};
}

std::string normalized(const std::string& display) {
  auto [schema, name] = split_display(display);
  return schema + "." + name;
}

std::string spec_name(const std::string& display) {
  auto [schema, name] = split_display(display);
  return quote_part(schema) + "." + quote_part(name);
}

std::string shell_word(const std::string& word) {
  bool plain = std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("_.:=+-/").find(c) != std::string_view::npos;
  });
  if (plain) return word;
  std::string quoted = "'";
  for (char c : word) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

// The question's scope and created name in the form rules are stored in.
std::pair<std::string, std::string> question_key(const RenameQuestion& question) {
  if (is_member_kind(question.kind)) return {normalized(question.scope), question.created};
  if (is_qualified_kind(question.kind)) return {"", normalized(question.created)};
  return {"", question.created};
}

std::string candidate_key(RenameKind kind, const std::string& candidate) {
  return is_qualified_kind(kind) ? normalized(candidate) : candidate;
}

std::string join_or(const std::vector<std::string>& names) {
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " or " : ", ";
    text += names[i];
  }
  return text;
}

}  // namespace

std::string rename_kind_word(RenameKind kind) {
  for (const auto& entry : kKinds) {
    if (entry.kind == kind) return std::string(entry.word);
  }
  return "object";
}

RenameRule parse_rename_rule(std::string_view spec, const std::string& origin) {
  constexpr const char* kGeneralForm =
      "KIND:OLD=NEW (KIND: schema, enum, sequence, table, view, column, policy, enum-value, "
      "domain, composite-type, range-type, attribute), "
      "e.g. table:public.accounts=public.users or column:public.users.name=full_name or "
      "enum-value:public.mood.ok=neutral or attribute:public.point.y=yy; "
      "create:KIND:NAME says NAME is new";
  RenameRule rule;
  rule.spec = std::string(spec);
  rule.origin = origin;
  std::string_view rest = spec;
  bool create = rest.starts_with(kCreatePrefix);
  if (create) rest.remove_prefix(kCreatePrefix.size());
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos) fail(spec, origin, "no KIND: prefix", kGeneralForm);
  std::string_view word = rest.substr(0, colon);
  rest.remove_prefix(colon + 1);
  auto kind = std::find_if(std::begin(kKinds), std::end(kKinds),
                           [&](const KindSyntax& k) { return k.word == word; });
  if (kind == std::end(kKinds)) {
    fail(spec, origin, fmt::format("unknown kind '{}'", word), kGeneralForm);
  }
  rule.kind = kind->kind;
  const std::string form = expected_form(rule.kind);

  size_t equals = find_equals(rest);
  if (create != (equals == std::string_view::npos)) {
    fail(spec, origin, create ? "create: takes a name, not OLD=NEW" : "expected OLD=NEW", form);
  }
  auto left = split_name(create ? rest : rest.substr(0, equals));
  if (!left) fail(spec, origin, "empty name or unbalanced quotes", form);
  std::optional<std::vector<std::string>> right;
  if (!create) {
    right = split_name(rest.substr(equals + 1));
    if (!right) fail(spec, origin, "empty name or unbalanced quotes", form);
  }

  if (rule.kind == RenameKind::Schema) {
    if (left->size() != 1 || (right && right->size() != 1)) {
      fail(spec, origin, "a schema name has no dots", form);
    }
    rule.created = create ? left->front() : right->front();
    if (!create) rule.renamed_from = left->front();
    return rule;
  }
  if (is_member_kind(rule.kind)) {
    if (left->size() < 2 || left->size() > 3 || (right && right->size() != 1)) {
      fail(spec, origin,
           fmt::format("name the {0} and the {1} as [SCHEMA.]{2}.{3}", container_word(rule.kind),
                       word, upper(container_word(rule.kind)), create ? "NAME" : "OLD=NEW"),
           form);
    }
    std::string schema = left->size() == 3 ? (*left)[0] : "public";
    rule.scope = schema + "." + (*left)[left->size() - 2];
    if (create) {
      rule.created = left->back();
    } else {
      rule.created = right->front();
      rule.renamed_from = left->back();
    }
    return rule;
  }
  if (left->size() > 2 || (right && right->size() > 2)) {
    fail(spec, origin, "too many dots: expected [SCHEMA.]NAME", form);
  }
  std::string left_schema = left->size() == 2 ? (*left)[0] : "public";
  std::string left_name = left->back();
  if (create) {
    rule.created = left_schema + "." + left_name;
    return rule;
  }
  // A new name without a schema stays in the old one's schema.
  std::string right_schema = right->size() == 2 ? (*right)[0] : left_schema;
  rule.created = right_schema + "." + right->back();
  rule.renamed_from = left_schema + "." + left_name;
  return rule;
}

std::string format_rename_rule(const RenameQuestion& question,
                               const std::optional<std::string>& from) {
  std::string word = rename_kind_word(question.kind);
  if (question.kind == RenameKind::Schema) {
    if (!from) return fmt::format("create:{}:{}", word, quote_part(question.created));
    return fmt::format("{}:{}={}", word, quote_part(*from), quote_part(question.created));
  }
  if (is_member_kind(question.kind)) {
    std::string table = spec_name(question.scope);
    if (!from) return fmt::format("create:{}:{}.{}", word, table, quote_part(question.created));
    return fmt::format("{}:{}.{}={}", word, table, quote_part(*from), quote_part(question.created));
  }
  if (!from) return fmt::format("create:{}:{}", word, spec_name(question.created));
  return fmt::format("{}:{}={}", word, spec_name(*from), spec_name(question.created));
}

RuleRenameResolver::RuleRenameResolver(std::vector<RenameRule> rules, RenameResolver& fallback)
    : rules_(std::move(rules)), used_(rules_.size(), false), fallback_(fallback) {}

std::optional<std::string> RuleRenameResolver::renamed_from(const RenameQuestion& question) {
  auto [scope, created] = question_key(question);
  for (size_t i = 0; i < rules_.size(); ++i) {
    const RenameRule& rule = rules_[i];
    if (rule.kind != question.kind || rule.scope != scope || rule.created != created) continue;
    used_[i] = true;
    if (!rule.renamed_from) return std::nullopt;
    for (const auto& candidate : question.candidates) {
      if (candidate_key(question.kind, candidate) == *rule.renamed_from) return candidate;
    }
    throw Error(
        ErrorKind::Usage,
        fmt::format("rename '{}': {} {} was not dropped, so {} cannot be renamed from it",
                    rule.spec, rename_kind_word(rule.kind), *rule.renamed_from, rule.created),
        rule.origin,
        question.candidates.empty()
            ? "remove this rename"
            : fmt::format("it may be renamed from {}", join_or(question.candidates)));
  }
  return fallback_.renamed_from(question);
}

std::vector<RenameRule> RuleRenameResolver::unused_rules() const {
  std::vector<RenameRule> unused;
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (!used_[i]) unused.push_back(rules_[i]);
  }
  return unused;
}

std::optional<std::string> CollectingRenameResolver::renamed_from(const RenameQuestion& question) {
  questions_.push_back(question);
  return std::nullopt;
}

void CollectingRenameResolver::throw_if_unanswered() const {
  if (questions_.empty()) return;
  std::string message = fmt::format(
      "{} rename question{} need{} an answer and there is no terminal to ask on:",
      questions_.size(), questions_.size() == 1 ? "" : "s", questions_.size() == 1 ? "s" : "");
  for (const auto& question : questions_) {
    std::string word = rename_kind_word(question.kind);
    std::string where =
        is_member_kind(question.kind)
            ? fmt::format(" in {} {}", container_word(question.kind), question.scope)
            : "";
    message += fmt::format("\n  {} {}{}: created, or renamed from {}?", word, question.created,
                           where, join_or(question.candidates));
    for (const auto& candidate : question.candidates) {
      message +=
          fmt::format("\n      --rename {}", shell_word(format_rename_rule(question, candidate)));
    }
    message +=
        fmt::format("\n      --rename {}", shell_word(format_rename_rule(question, std::nullopt)));
  }
  throw Error(ErrorKind::Usage, message, "",
              "pass one --rename per question (or list the specs in the target's `renames` in "
              "sleet.toml), or run in a terminal to be asked; nothing was written");
}

}  // namespace sleet
