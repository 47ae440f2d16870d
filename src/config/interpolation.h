// ${VAR} interpolation of sleet.toml string values.
#pragma once

#include <string>
#include <string_view>

#include "sleet/config.h"

namespace sleet::config_detail {

// An unset ${VAR} without a default. A distinct type so that a target nobody selected can
// carry it instead of failing the whole file (its service's variables may be absent here).
class UnsetVariableError : public Error {
 public:
  using Error::Error;
};

// `text` with every ${VAR} replaced by the variable's value and every ${VAR:-fallback} by
// the value, or by the (itself interpolated) fallback when the variable is unset or empty.
// "$$" is one literal "$"; a "$" followed by anything else is kept as is. Throws
// Error(Usage) at `where` naming `setting` when a variable without fallback is unset or a
// reference is malformed.
std::string interpolate(std::string_view text, const Environment& environment,
                        std::string_view setting, const std::string& where);

}  // namespace sleet::config_detail
