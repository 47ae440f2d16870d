// A drizzle config evaluated by the project's node, loaded as drizzle-kit loads it, with
// process.env observed (the script: drizzle_config_script.cpp).
#include <fmt/format.h>

#include <regex>

#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/process.h"
#include "sources/drizzle_config_internal.h"
#include "sources/drizzle_kit.h"

namespace sleet::sources {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPurpose = "drizzle configs are read";
constexpr const char* kResultMarker = "@@sleet-result@@";
constexpr const char* kScriptName = "evaluate-drizzle-config.cjs";

const std::regex& marker_pattern() {
  static const std::regex pattern("@@sleet-env:([A-Za-z_][A-Za-z0-9_]*)(?::-([0-9a-f]*))?@@");
  return pattern;
}

nlohmann::json parse_config_text(const nlohmann::json& text) {
  if (!text.is_string()) return nullptr;
  return nlohmann::json::parse(text.get<std::string>());
}

// The JSON line the script printed last, or a failure naming what node said.
nlohmann::json script_result(const ProcessResult& result, const fs::path& config_file) {
  std::size_t at = result.standard_output.rfind(kResultMarker);
  if (at != std::string::npos) {
    std::size_t start = at + std::string_view(kResultMarker).size();
    try {
      return nlohmann::json::parse(result.standard_output.substr(start));
    } catch (const nlohmann::json::exception&) {
    }
  }
  auto [message, where] = describe_node_failure(
      trimmed(result.standard_error).empty() ? result.standard_output : result.standard_error);
  throw Error(ErrorKind::Usage,
              fmt::format("node could not evaluate the drizzle config: {}", readable(message)),
              where.empty() ? shown(config_file) : where,
              "fix the config; `npx drizzle-kit generate` shows the same error");
}

// The config's own failure: its message, and the place in the config's files it names.
[[noreturn]] void config_failed(const nlohmann::json& first, const EvaluatedDrizzleConfig& read,
                                const fs::path& config_file) {
  auto [message, where] = describe_node_failure(first.value("error", std::string()));
  if (where.empty() || where.find(kScriptName) != std::string::npos) where = shown(config_file);
  std::string hint = "fix the config; `npx drizzle-kit generate` shows the same error";
  if (read.reads_service) {
    std::string names;
    for (const std::string& name : read.tried) names += (names.empty() ? "" : ", ") + name;
    hint = fmt::format(
        "it reads SERVICE, and none of the names its files spell gave a config of its own "
        "(tried: {}); run with SERVICE set to check the config, then retry",
        names.empty() ? "none" : names);
  }
  throw Error(ErrorKind::Usage,
              fmt::format("the drizzle config failed when evaluated: {}", readable(message)), where,
              hint);
}

EvaluatedDrizzleConfig read_result(const nlohmann::json& result, const fs::path& config_file) {
  EvaluatedDrizzleConfig read;
  read.loader = result.value("loader", std::string());
  const nlohmann::json& first = result.at("first");
  for (const auto& name : first.value("reads", nlohmann::json::array())) {
    if (name == "SERVICE") read.reads_service = true;
  }
  for (const auto& name : result.value("tried", nlohmann::json::array())) {
    read.tried.push_back(name.get<std::string>());
  }
  if (result.contains("services")) {
    read.service_fallback = result.value("fallback", false);
    for (const auto& service : result["services"]) {
      read.services.push_back({service.at("name"), parse_config_text(service.at("config"))});
    }
    return read;
  }
  if (!first.value("ok", false)) config_failed(first, read, config_file);
  read.config = parse_config_text(first.value("config", nlohmann::json()));
  return read;
}

}  // namespace

bool reads_environment(std::string_view text) {
  return std::regex_search(text.begin(), text.end(), marker_pattern());
}

namespace {

std::string from_hex(const std::string& hex) {
  std::string text;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    text += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return text;
}

// ${NAME}, or ${NAME:-fallback} when the fallback can be written there.
std::string reference(const std::smatch& marker) {
  std::string name = marker[1].str();
  if (!marker[2].matched) return "${" + name + "}";
  std::string fallback = from_hex(marker[2].str());
  if (fallback.find('}') != std::string::npos) return "${" + name + "}";
  std::string escaped;
  for (char c : fallback) escaped += c == '$' ? std::string("$$") : std::string(1, c);
  return "${" + name + ":-" + escaped + "}";
}

}  // namespace

std::vector<std::string> fallbacks_in(const std::string& text) {
  std::vector<std::string> found;
  for (std::sregex_iterator it(text.begin(), text.end(), marker_pattern()), end; it != end; ++it) {
    if ((*it)[2].matched) found.push_back(from_hex((*it)[2].str()));
  }
  return found;
}

std::string without_fallbacks(const std::string& text) {
  static const std::regex fallback(":-[0-9a-f]*@@");
  return std::regex_replace(text, fallback, "@@");
}

std::string with_references(std::string_view text, std::set<std::string>& variables) {
  std::string result;
  auto literal = [&result](std::string_view part) {
    for (char c : part) result += c == '$' ? std::string("$$") : std::string(1, c);
  };
  std::string whole(text);
  std::size_t done = 0;
  for (std::sregex_iterator it(whole.begin(), whole.end(), marker_pattern()), end; it != end;
       ++it) {
    literal(text.substr(done, it->position() - done));
    variables.insert((*it)[1].str());
    result += reference(*it);
    done = it->position() + it->length();
  }
  literal(text.substr(done));
  return result;
}

std::string readable(std::string_view text) {
  return std::regex_replace(without_fallbacks(std::string(text)), marker_pattern(), "$${$1}");
}

EvaluatedDrizzleConfig evaluate_drizzle_config(const fs::path& config_file,
                                               const fs::path& project_directory) {
  fs::path project = fs::absolute(project_directory).lexically_normal();
  DrizzleKit kit = find_drizzle_kit(config_file, project, kPurpose);
  fs::path node = find_node(kit, config_file, kPurpose);
  fs::path cache_directory = project / ".sleet" / "cache";
  ignore_sleet_folder(cache_directory);
  ScratchFolder scratch(cache_directory);
  fs::path script = scratch.path() / kScriptName;
  write_text_file(script, kDrizzleConfigEvaluator);
  ProcessResult result =
      run_process({node.string(), script.string(), (kit.node_modules / "drizzle-kit").string(),
                   fs::absolute(config_file).lexically_normal().string()},
                  project);
  EvaluatedDrizzleConfig read = read_result(script_result(result, config_file), config_file);
  read.drizzle_kit_version = kit.version;
  return read;
}

}  // namespace sleet::sources
