// Connection-owning conveniences over migrate(Connection&, ...) for library users.
#include <utility>

#include "sleet/migrate.h"

namespace sleet {

MigrationReport migrate(const db::ConnectionSettings& settings, const std::filesystem::path& folder,
                        const MigrateOptions& options, const ProgressCallback& progress) {
  // The folder is read before connecting so a bad path fails without touching the server.
  MigrationFolder migrations = MigrationFolder::open(folder);
  db::Connection connection(settings);
  return migrate(connection, migrations, options, progress);
}

Migrator::Migrator(db::ConnectionSettings settings, std::filesystem::path folder,
                   MigrateOptions options)
    : settings_(std::move(settings)), folder_(std::move(folder)), options_(std::move(options)) {}

MigrationReport Migrator::run(const ProgressCallback& progress) const {
  return migrate(settings_, folder_, options_, progress);
}

StatusReport Migrator::status() const {
  MigrationFolder migrations = MigrationFolder::open(folder_);
  db::Connection connection(settings_);
  return migration_status(connection, migrations, options_);
}

}  // namespace sleet
