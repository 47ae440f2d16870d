// The project's development database: a private PostgreSQL cluster under
// <project>/.sleet/dev/, started on demand and left running between commands until
// `sleet dev stop`. It listens on 127.0.0.1 only; its superuser's random password is kept
// in .sleet/dev/password (mode 0600) and never printed unless asked for.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "sleet/db.h"

namespace sleet {

// Not thread-safe; cheap to construct (nothing happens until a method is called).
class DevDatabase {
 public:
  explicit DevDatabase(std::filesystem::path project_directory);

  // <project>/.sleet/dev
  const std::filesystem::path& directory() const { return directory_; }
  bool is_initialized() const;
  // The port when the server is running, else nullopt.
  std::optional<int> running_port() const;
  // Creates the cluster when missing and starts it when stopped. Returns true when this
  // call started it. Throws sleet::Error (Failure) when it cannot.
  bool start();
  // Stops the server when running; returns whether it was running.
  bool stop();
  // Settings for `database` on the running server (throws sleet::Error (Usage) when it is
  // not running), password included.
  db::ConnectionSettings settings(const std::string& database = "postgres") const;

 private:
  std::string password() const;

  std::filesystem::path project_directory_;
  std::filesystem::path directory_;
};

}  // namespace sleet
