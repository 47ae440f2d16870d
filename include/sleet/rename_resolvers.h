// Rename answers given ahead of time: `--rename` flags and the config's `renames` list, and a
// resolver that collects what nobody answered so the caller can fail with every question at
// once. docs/generate.md documents the spec syntax:
//
//   table:auth.accounts=auth.users      the table auth.users was auth.accounts (also moves)
//   column:public.users.name=full_name  the column full_name of public.users was name
//   schema:old=new, enum:/sequence:/view:/domain:/composite-type:/range-type: like table:,
//   policy: like column:, enum-value:public.mood.ok=neutral (a label of an enum),
//   attribute:public.point.y=yy (an attribute of a composite type)
//   create:column:public.users.full_name  full_name is new (not a rename)
//
// Names without a schema are in public. A name part holding '.', '=' or '"' is written in
// double quotes ("my.table"), with "" for a quote inside.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sleet/diff.h"

namespace sleet {

// One parsed answer: `created` (of `kind`, in `scope`) was renamed from `renamed_from`, or is
// new when `renamed_from` is empty. Names use RenameQuestion's display form.
struct RenameRule {
  RenameKind kind = RenameKind::Table;
  std::string scope;  // the table, enum or type holding a column, policy, value or attribute
  std::string created;
  std::optional<std::string> renamed_from;
  std::string spec;    // the text it was parsed from, for messages
  std::string origin;  // where it came from: "--rename" or "sleet.toml:renames"
};

// Parses one spec (syntax above). Throws Error(Usage) naming `origin` and the spec, with the
// expected form, when it is malformed.
RenameRule parse_rename_rule(std::string_view spec, const std::string& origin);

// The spec that answers `question` with "renamed from `from`" (or "new" when `from` is
// nullopt): `parse_rename_rule(format_rename_rule(q, f))` answers q with f.
std::string format_rename_rule(const RenameQuestion& question,
                               const std::optional<std::string>& from);

// "table", "column", ...: the word used in specs and prompts.
std::string rename_kind_word(RenameKind kind);

// Answers questions from `rules` (earlier rules win, so pass flags before config entries)
// and hands every other question to `fallback`. Throws Error(Usage) when a rule answers a
// question with a name that is not one of its candidates. Not thread-safe.
class RuleRenameResolver : public RenameResolver {
 public:
  RuleRenameResolver(std::vector<RenameRule> rules, RenameResolver& fallback);
  std::optional<std::string> renamed_from(const RenameQuestion& question) override;
  // Rules no question matched (a typo, or an answer for a change already migrated).
  std::vector<RenameRule> unused_rules() const;

 private:
  std::vector<RenameRule> rules_;
  std::vector<bool> used_;
  RenameResolver& fallback_;
};

// For when nobody can be asked: answers "new" to every question so the diff can finish and
// remembers them; throw_if_unanswered() then fails with all of them. Not thread-safe.
class CollectingRenameResolver : public RenameResolver {
 public:
  std::optional<std::string> renamed_from(const RenameQuestion& question) override;
  const std::vector<RenameQuestion>& questions() const { return questions_; }
  // Throws Error(Usage) listing every collected question with the --rename flags that
  // would answer it either way; does nothing when there were none.
  void throw_if_unanswered() const;

 private:
  std::vector<RenameQuestion> questions_;
};

}  // namespace sleet
