// Choosing the targets a command works on: --all, --target, SERVICE, or the only one.
#include <fmt/format.h>

#include "config/nearest_name.h"
#include "sleet/config.h"
#include "sleet/error.h"

namespace sleet {
namespace {

std::vector<std::string> target_names(const Config& config) {
  std::vector<std::string> names;
  for (const auto& target : config.targets) names.push_back(target.name);
  return names;
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

namespace {

std::vector<Target> usable(std::vector<Target> targets) {
  for (const auto& target : targets) {
    if (target.unusable) throw *target.unusable;
  }
  return targets;
}

}  // namespace

std::vector<Target> select_targets(const Config& config,
                                   const std::optional<std::string>& target_flag, bool all,
                                   const Environment& environment) {
  std::string where = config.file.string();
  if (all && target_flag) {
    throw Error(ErrorKind::Usage, "--target and --all cannot be used together", {},
                "pass --target NAME for one target or --all for every target");
  }
  if (all) return usable(config.targets);

  std::optional<std::string> name;
  std::string source;
  if (target_flag) {
    name = *target_flag;
    source = "--target";
  } else if (config.has_targets_section) {
    // Without [targets] there are no names to choose from, so an unrelated SERVICE
    // variable must not break a single-database project.
    if (auto service = environment.get("SERVICE"); service && !service->empty()) {
      name = *service;
      source = "the SERVICE variable";
    }
  }

  std::vector<std::string> names = target_names(config);
  if (name) {
    for (const auto& target : config.targets) {
      if (target.name == *name) return usable({target});
    }
    if (!config.has_targets_section) {
      throw Error(ErrorKind::Usage,
                  fmt::format("unknown target `{}` (from {}): the config has no [targets] "
                              "section, so its only target is `default`",
                              *name, source),
                  where, "drop --target, or add a [targets.NAME] section per database");
    }
    std::string suggestion = config_detail::did_you_mean(*name, names);
    throw Error(ErrorKind::Usage, fmt::format("unknown target `{}` (from {})", *name, source),
                where,
                (suggestion.empty() ? "" : suggestion + " ") + "valid targets: " + joined(names));
  }
  if (config.targets.size() == 1) return usable(config.targets);
  throw Error(
      ErrorKind::Usage,
      fmt::format("{} targets are defined ({}) and none was chosen", names.size(), joined(names)),
      where,
      fmt::format("pass --target NAME (e.g. --target {}), set SERVICE=NAME, or pass --all",
                  names.front()));
}

}  // namespace sleet
