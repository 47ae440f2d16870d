#include "release/dockerfile_replay.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace sleet::testing {
namespace {

struct Stage {
  std::string name;
  fs::path root;
};

// Instructions, one per element: continuation lines joined, comments and blank lines gone.
std::vector<std::string> instructions(const fs::path& dockerfile) {
  std::ifstream in(dockerfile);
  if (!in) throw std::runtime_error("cannot read " + dockerfile.string());
  std::vector<std::string> result;
  std::string line, pending;
  while (std::getline(in, line)) {
    auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    if (!line.empty() && line.back() == '\\') {
      pending += line.substr(0, line.size() - 1) + " ";
      continue;
    }
    result.push_back(pending + line);
    pending.clear();
  }
  return result;
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> result;
  for (std::string word; in >> word;) result.push_back(word);
  return result;
}

// ${NAME}, ${NAME:-default} and $NAME from `variables`; unknown names become "".
std::string substitute(const std::string& text,
                       const std::map<std::string, std::string>& variables) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    std::string name, fallback;
    bool has_fallback = false;
    if (text[i + 1] == '{') {
      auto close = text.find('}', i);
      if (close == std::string::npos) throw std::runtime_error("unclosed ${ in: " + text);
      name = text.substr(i + 2, close - i - 2);
      if (auto dash = name.find(":-"); dash != std::string::npos) {
        fallback = name.substr(dash + 2);
        name = name.substr(0, dash);
        has_fallback = true;
      }
      i = close;
    } else {
      size_t end = i + 1;
      while (end < text.size() &&
             (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_'))
        ++end;
      name = text.substr(i + 1, end - i - 1);
      i = end - 1;
    }
    auto found = variables.find(name);
    out += found != variables.end() && !found->second.empty() ? found->second
           : has_fallback                                     ? fallback
                                                              : std::string();
  }
  return out;
}

fs::path inside(const fs::path& root, const std::string& path, const std::string& workdir) {
  fs::path absolute = path.starts_with("/") ? fs::path(path) : fs::path(workdir) / path;
  return root / absolute.lexically_normal().relative_path();
}

// COPY's rule: a folder's contents go into the destination; a file goes to the destination,
// or into it when it names a folder (ends with '/' or there are several sources).
void copy_into(const fs::path& source, const fs::path& destination, bool into_folder) {
  if (!fs::exists(source))
    throw std::runtime_error("COPY source does not exist: " + source.string());
  if (fs::is_directory(source)) {
    fs::create_directories(destination);
    fs::copy(source, destination,
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    return;
  }
  fs::path target = into_folder ? destination / source.filename() : destination;
  fs::create_directories(target.parent_path());
  fs::copy_file(source, target, fs::copy_options::overwrite_existing);
}

std::vector<std::string> exec_form(const std::string& arguments, const std::string& line) {
  try {
    return nlohmann::json::parse(arguments).get<std::vector<std::string>>();
  } catch (const std::exception&) {
    throw std::runtime_error("only the exec form (a JSON array) is replayed: " + line);
  }
}

}  // namespace

ReplayedImage replay_dockerfile(const fs::path& dockerfile, const ReplayOptions& options) {
  ReplayedImage image;
  std::vector<Stage> stages;
  std::map<std::string, std::string> global_args, args, env;
  fs::path root;
  int stage_count = 0;
  for (const std::string& line : instructions(dockerfile)) {
    auto space = line.find_first_of(" \t");
    std::string keyword = line.substr(0, space);
    for (auto& c : keyword) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string rest =
        space == std::string::npos ? "" : line.substr(line.find_first_not_of(" \t", space));
    std::map<std::string, std::string> variables = args;
    for (const auto& [name, value] : env) variables[name] = value;

    if (keyword == "ARG") {
      auto equals = rest.find('=');
      std::string name = rest.substr(0, equals);
      std::string value =
          equals == std::string::npos ? "" : substitute(rest.substr(equals + 1), variables);
      if (auto given = options.build_args.find(name); given != options.build_args.end())
        value = given->second;
      (stage_count == 0 ? global_args : args)[name] = value;
    } else if (keyword == "FROM") {
      auto parts = words(substitute(rest, global_args));
      std::string from = parts.at(0);
      std::string image_name = from.substr(0, from.find(':'));
      std::string name = parts.size() == 3 ? parts[2] : std::to_string(stage_count);
      if (auto known = options.images.find(image_name); known != options.images.end()) {
        root = known->second;
      } else {
        root = options.output.parent_path() /
               fmt::format("{}.stage-{}", options.output.filename().string(), stage_count);
        fs::create_directories(root);
      }
      stages.push_back({name, root});
      ++stage_count;
      args.clear();
      env.clear();
      image = ReplayedImage{};
      image.root = root;
    } else if (keyword == "COPY") {
      auto parts = words(substitute(rest, variables));
      fs::path source_root = options.context;
      std::vector<std::string> paths;
      for (const auto& part : parts) {
        if (part.starts_with("--from=")) {
          std::string from = part.substr(7);
          bool found = false;
          for (const auto& stage : stages)
            if (stage.name == from) source_root = stage.root, found = true;
          if (!found) throw std::runtime_error("COPY --from names no earlier stage: " + line);
        } else if (!part.starts_with("--")) {
          paths.push_back(part);
        }
      }
      if (paths.size() < 2)
        throw std::runtime_error("COPY needs a source and a destination: " + line);
      std::string destination = paths.back();
      bool into_folder = destination.ends_with("/") || paths.size() > 2;
      for (size_t i = 0; i + 1 < paths.size(); ++i)
        copy_into(source_root / fs::path(paths[i]).relative_path(),
                  inside(root, destination, image.workdir), into_folder);
    } else if (keyword == "WORKDIR") {
      std::string path = substitute(rest, variables);
      image.workdir = (path.starts_with("/") ? fs::path(path) : fs::path(image.workdir) / path)
                          .lexically_normal()
                          .string();
      fs::create_directories(inside(root, image.workdir, "/"));
    } else if (keyword == "ENV") {
      for (const auto& assignment : words(rest)) {
        auto equals = assignment.find('=');
        if (equals == std::string::npos)
          throw std::runtime_error("only ENV NAME=value is replayed: " + line);
        env[assignment.substr(0, equals)] = substitute(assignment.substr(equals + 1), variables);
      }
      image.environment = env;
    } else if (keyword == "ENTRYPOINT") {
      image.entrypoint = exec_form(rest, line);
    } else if (keyword == "CMD") {
      image.command = exec_form(rest, line);
    } else {
      image.skipped.push_back(line);
    }
  }
  if (stages.empty()) throw std::runtime_error(dockerfile.string() + " has no FROM");
  {
    // The final stage's root becomes the output folder.
    fs::create_directories(options.output);
    fs::copy(root, options.output,
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    image.root = options.output;
  }
  return image;
}

}  // namespace sleet::testing
