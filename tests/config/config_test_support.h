// Shared helpers for the config tests.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "sleet/config.h"
#include "sleet/error.h"

namespace sleet::config_test {

inline const char* kConfigPath = "/project/sleet.toml";

inline Config parse(const std::string& text, std::map<std::string, std::string> variables = {}) {
  return parse_config(text, kConfigPath, Environment::from_map(std::move(variables)));
}

// The sleet::Error that `action` throws; records a test failure when it throws nothing.
template <typename Action>
Error error_from(Action&& action) {
  try {
    action();
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "expected a sleet::Error";
  return Error(ErrorKind::Failure, "no error was thrown");
}

// The Error that parsing `text` throws.
inline Error parse_error(const std::string& text,
                         std::map<std::string, std::string> variables = {}) {
  return error_from([&] { parse(text, std::move(variables)); });
}

}  // namespace sleet::config_test
