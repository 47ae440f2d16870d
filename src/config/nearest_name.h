// Suggestions for misspelt names ("did you mean ...?") in config messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sleet::config_detail {

// The candidate closest to `name` by edit distance (a swap of two neighbours counts as one
// edit), or nullopt when none is close enough to be a likely typo.
std::optional<std::string> nearest_name(std::string_view name,
                                        const std::vector<std::string>& candidates);

// " (did you mean `x`?)"-style hint text: "did you mean `x`?" or empty.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace sleet::config_detail
