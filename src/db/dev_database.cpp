#include "sleet/dev_database.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <fstream>
#include <sstream>

#include "sleet/error.h"
#include "db/local_cluster.h"

namespace sleet {

namespace fs = std::filesystem;

namespace {

// The port the server used last time, so its URL stays the same across restarts.
constexpr const char* kPortFile = "port";
constexpr const char* kPasswordFile = "password";

std::string random_password() {
  unsigned char bytes[18];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    throw Error(ErrorKind::Failure, "cannot generate a random password (OpenSSL RAND_bytes)");
  }
  std::string hex;
  for (unsigned char b : bytes) hex += fmt::format("{:02x}", b);
  return hex;
}

std::string read_first_line(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

LocalClusterOptions cluster_options(const fs::path& directory, const std::string& password,
                                    int port) {
  LocalClusterOptions options;
  options.directory = directory / "cluster";
  options.password = password;
  options.port = port;
  return options;
}

}  // namespace

DevDatabase::DevDatabase(fs::path project_directory)
    : project_directory_(fs::absolute(project_directory).lexically_normal()),
      directory_(project_directory_ / ".sleet" / "dev") {}

bool DevDatabase::is_initialized() const {
  return fs::exists(directory_ / "cluster" / "data" / "PG_VERSION");
}

std::string DevDatabase::password() const {
  std::string password = read_first_line(directory_ / kPasswordFile);
  if (password.empty()) {
    throw Error(ErrorKind::Failure, "the development database's password file is missing",
                (directory_ / kPasswordFile).string(),
                "remove .sleet/dev (it holds only development data) and run `sleet dev start`");
  }
  return password;
}

std::optional<int> DevDatabase::running_port() const {
  if (!is_initialized()) return std::nullopt;
  LocalCluster cluster(cluster_options(directory_, "", 0));
  if (!cluster.attach()) return std::nullopt;
  return cluster.port();
}

bool DevDatabase::start() {
  if (running_port()) return false;
  fs::create_directories(directory_);
  if (!is_initialized()) {
    {
      std::ofstream out(directory_ / kPasswordFile, std::ios::trunc);
      out << random_password() << "\n";
    }
    fs::permissions(directory_ / kPasswordFile, fs::perms::owner_read | fs::perms::owner_write);
    // A .gitignore keeps the cluster out of the project's repository.
    std::ofstream(project_directory_ / ".sleet" / ".gitignore", std::ios::trunc) << "*\n";
    LocalCluster(cluster_options(directory_, password(), 0)).initialize();
  }
  int remembered = std::atoi(read_first_line(directory_ / kPortFile).c_str());
  int port = 0;
  try {
    LocalCluster cluster(cluster_options(directory_, password(), remembered));
    cluster.start_detached();
    port = cluster.port();
  } catch (const Error&) {
    if (remembered == 0) throw;
    // The remembered port is taken by something else now: take a new one.
    LocalCluster cluster(cluster_options(directory_, password(), 0));
    cluster.start_detached();
    port = cluster.port();
  }
  std::ofstream(directory_ / kPortFile, std::ios::trunc) << port << "\n";
  return true;
}

bool DevDatabase::stop() {
  if (!running_port()) return false;
  LocalCluster cluster(cluster_options(directory_, "", 0));
  cluster.stop_detached();
  return true;
}

db::ConnectionSettings DevDatabase::settings(const std::string& database) const {
  auto port = running_port();
  if (!port) {
    throw Error(ErrorKind::Usage, "the development database is not running",
                directory_.string(), "run `sleet dev start`");
  }
  db::ConnectionSettings settings;
  settings.host = "127.0.0.1";
  settings.port = *port;
  settings.user = "postgres";
  settings.password = password();
  settings.database = database;
  return settings;
}

}  // namespace sleet
