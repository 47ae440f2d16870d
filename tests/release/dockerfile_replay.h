// Replays a Dockerfile's file-system steps into a folder, for tests on a machine without a
// Docker engine: what a `docker build` would put where, and the command the image runs.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sleet::testing {

// The image a replay produced: its root folder and how a container of it starts.
struct ReplayedImage {
  std::filesystem::path root;
  std::string workdir = "/";
  std::map<std::string, std::string> environment;  // ENV
  std::vector<std::string> entrypoint;             // ENTRYPOINT, exec form
  std::vector<std::string> command;                // CMD, exec form
  std::vector<std::string> skipped;                // RUN, USER, ... lines it did not perform
};

struct ReplayOptions {
  std::filesystem::path context;                  // the build context COPY reads from
  std::map<std::string, std::string> build_args;  // --build-arg NAME=value
  // Roots of the images FROM lines may name, by image name without its tag; any other image
  // starts as an empty root (the caller adds what that base image would hold).
  std::map<std::string, std::filesystem::path> images;
  std::filesystem::path output;  // the final stage's root is made here
};

// Replays `dockerfile`: ARG (with build arguments), FROM (stages, `AS name`), COPY (from the
// context or `--from=stage`), WORKDIR, ENV and ENTRYPOINT/CMD in exec form (JSON arrays), with
// ${NAME} and $NAME substituted as Docker does. Other instructions are listed in `skipped`.
// Throws std::runtime_error on what it does not understand or a COPY source that is missing.
ReplayedImage replay_dockerfile(const std::filesystem::path& dockerfile,
                                const ReplayOptions& options);

}  // namespace sleet::testing
