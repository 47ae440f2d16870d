// A table's persistence (LOGGED / UNLOGGED) and storage parameters (WITH (...)): altered in
// place, never by re-creating the table.
#include "diff/diff_internal.h"

namespace sleet::diff_detail {

void diff_table_storage(const Table& from, const Table& to, std::vector<Change>& out) {
  if (from.unlogged != to.unlogged) {
    Change change =
        make_change(to.unlogged ? ChangeKind::SetUnlogged : ChangeKind::SetLogged, to.name);
    out.push_back(std::move(change));
  }
  if (from.with != to.with) {
    Change change = make_change(ChangeKind::SetStorageParameters, to.name);
    change.before = from;
    change.after = to;
    out.push_back(std::move(change));
  }
}

}  // namespace sleet::diff_detail
