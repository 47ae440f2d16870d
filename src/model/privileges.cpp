// Privileges in the model (privileges.h).
#include "sleet/privileges.h"

namespace sleet {

bool public_by_default(const std::string& object_kind, const std::string& privilege) {
  return (object_kind == "FUNCTION" && privilege == "EXECUTE") ||
         (object_kind == "TYPE" && privilege == "USAGE");
}

}  // namespace sleet
