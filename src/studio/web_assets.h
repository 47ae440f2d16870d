// The page's files (src/studio/web/), compiled into the binary by cmake/EmbedFiles.cmake.
#pragma once

#include <cstddef>
#include <string_view>

namespace sleet::studio {

struct WebAsset {
  std::string_view path;          // relative to web/, e.g. "app.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8", ...
  std::string_view content;
};

// The asset at `path`, or nullptr.
const WebAsset* find_web_asset(std::string_view path);

}  // namespace sleet::studio
