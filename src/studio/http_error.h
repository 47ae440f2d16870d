// A request the API refuses: the HTTP status and a message (and, for database errors, the
// server's details) that the route answers as {"error": {...}}.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace sleet::studio {

class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& message, nlohmann::ordered_json details = {})
      : std::runtime_error(message), status_(status), details_(std::move(details)) {}
  int status() const { return status_; }
  // {"message": ..., plus the details given}.
  nlohmann::ordered_json body() const {
    nlohmann::ordered_json error = {{"message", what()}};
    if (details_.is_object()) error.update(details_);
    return {{"error", error}};
  }

 private:
  int status_;
  nlohmann::ordered_json details_;
};

}  // namespace sleet::studio
