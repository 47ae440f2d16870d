// Down scripts: the reverse of a generated migration, written beside it by generate and run
// by `sleet rollback`. A pure function of the two schemas and the rename answers the up
// migration was planned with; no I/O. docs/commands/rollback.md describes the workflow.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sleet/diff.h"
#include "sleet/plan.h"

namespace sleet {

// One rename question and the answer it was given.
struct RenameAnswer {
  RenameQuestion question;
  std::optional<std::string> renamed_from;
};

// Passes every question to `inner` and remembers the answers, so the reverse diff can give
// the reversed ones. Not thread-safe.
class RecordingRenameResolver : public RenameResolver {
 public:
  explicit RecordingRenameResolver(RenameResolver& inner) : inner_(inner) {}
  std::optional<std::string> renamed_from(const RenameQuestion& question) override;
  const std::vector<RenameAnswer>& answers() const { return answers_; }

 private:
  RenameResolver& inner_;
  std::vector<RenameAnswer> answers_;
};

// The down script of one migration.
struct DownScript {
  Plan plan;                 // the statements; empty when not computed
  // Why there are no statements (a custom migration, or a reverse the diff refuses); else empty.
  std::string not_computed;
  std::string text;          // the file's bytes: a header comment, then the statements
};

// The reverse of the migration `tag` that turned `before` into `after` (both as the up diff
// compared them) with `up_answers`: the diff of `after` back to `before`, each rename
// answered the other way round and everything else as new. Its header names the statements
// that lose data (what was written since the up ran). When the diff refuses the reverse
// (sleet::Error of kind Usage), the script holds no statement and says why in `not_computed`
// and its header. Throws what plan_changes throws.
DownScript plan_down_script(const std::string& tag, const Schema& before, const Schema& after,
                            const std::vector<RenameAnswer>& up_answers, bool breakpoints);

// The down template of a custom migration: comments only, saying that sleet cannot reverse
// hand-written SQL (it may change data) and that rollback refuses until statements are
// written below.
DownScript custom_down_script(const std::string& tag);

}  // namespace sleet
