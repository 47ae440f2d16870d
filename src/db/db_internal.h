// Helpers shared by the db module's implementation files; not part of the public API.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sleet/db.h"

namespace sleet::db::internal {

// The port number in `text`, or nullopt when it is not a number from 1 to 65535.
std::optional<int> parse_port(std::string_view text);

// Stores a libpq connection keyword's value in the matching field of `settings` (dbname is
// `database`; unknown keywords go to `options`). Throws sleet::Error (Usage) with `source`
// as its location when a port is not a number from 1 to 65535.
void set_keyword(ConnectionSettings& settings, const std::string& keyword, const std::string& value,
                 const std::string& source);

}  // namespace sleet::db::internal
