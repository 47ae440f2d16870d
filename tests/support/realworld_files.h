// Real-world schema files written by other projects, taken from Debian's ejabberd and
// mediawiki packages by tests/fixtures/realworld/fetch.sh (apt-get download, not installed).
#pragma once

#include <filesystem>
#include <string>

namespace sleet::testing {

// The fetched file `name` (ejabberd-pg.sql, ejabberd-pg.new.sql,
// mediawiki-tables-generated.sql), fetching all of them on first use into the build tree.
// Throws std::runtime_error when fetching fails, so a test never passes without them.
std::filesystem::path realworld_file(const std::string& name);

}  // namespace sleet::testing
