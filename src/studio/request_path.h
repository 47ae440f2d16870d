// The rows API's path, /api/rows/{schema}/{table}, read from the raw request target so that a
// percent-encoded "/" (or any other byte) in a name stays inside its segment.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sleet::studio {

struct TablePath {
  std::string schema;
  std::string table;
};

// nullopt when `target` (path and query as the client sent it) is not /api/rows/A/B with two
// non-empty segments, or a segment's percent-encoding is broken.
std::optional<TablePath> parse_table_path(std::string_view target);

// `text` with %XX sequences decoded ('+' stays '+'); nullopt for a broken sequence.
std::optional<std::string> percent_decode(std::string_view text);

}  // namespace sleet::studio
