#include "sleet/down_scripts.h"

#include <string>

namespace sleet {

namespace fs = std::filesystem;

fs::path down_script_file(const fs::path& migration_file) {
  if (migration_file.filename() == "migration.sql") {
    return migration_file.parent_path() / "down.sql";
  }
  return migration_file.parent_path() / (migration_file.stem().string() + ".down.sql");
}

bool is_down_script_file(const fs::path& file) {
  std::string name = file.filename().string();
  return name == "down.sql" || (name.size() > 9 && name.ends_with(".down.sql"));
}

}  // namespace sleet
