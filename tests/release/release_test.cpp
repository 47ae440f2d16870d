// The release artefacts (scripts/release, docs/install.md): the release binary (CMake target
// sleet_release: the normal build's objects linked statically but for glibc and libgcc_s),
// the npm packages around it (npm/, scripts/npm-pack) installed into a fresh Node project,
// and the container layout (deploy/*Dockerfile) replayed into a folder and run there.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>

#include "release/dockerfile_replay.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace fs = std::filesystem;
using sleet::testing::CommandResult;
using sleet::testing::read_file;
using sleet::testing::source_dir;
using sleet::testing::TemporaryDirectory;
using sleet::testing::test_cluster;

namespace {

const fs::path kRelease = SLEET_RELEASE_BINARY;
// The root whose glibc the binary was linked against (scripts/release: Debian 11), or "".
const std::string kSysroot = SLEET_RELEASE_SYSROOT;

CommandResult run(const std::string& command, const fs::path& directory = fs::current_path()) {
  TemporaryDirectory capture;
  std::string line =
      fmt::format("cd '{}' && ( {} ) </dev/null >'{}' 2>'{}'", directory.string(), command,
                  (capture.path() / "out").string(), (capture.path() / "err").string());
  int status = std::system(line.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(capture.path() / "out");
  result.err = read_file(capture.path() / "err");
  return result;
}

std::string project_version() {
  std::smatch match;
  std::string cmake = read_file(source_dir() / "CMakeLists.txt");
  if (!std::regex_search(cmake, match, std::regex(R"(project\(sleet VERSION ([0-9.]+))")))
    return "?";
  return match[1];
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// GLIBC_2.x as the number x (GLIBC_2.3.4 -> 3).
int glibc_minor(const std::string& version) {
  return std::stoi(version.substr(8));
}

// Every (symbol, GLIBC version) the binary imports.
std::vector<std::pair<std::string, std::string>> glibc_imports(const fs::path& binary) {
  CommandResult dump = run(fmt::format("objdump -T '{}'", binary.string()));
  std::vector<std::pair<std::string, std::string>> imports;
  std::regex entry(R"(\((GLIBC_2\.[0-9.]+)\)\s+(\S+)$)");
  std::istringstream lines(dump.out);
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_search(line, match, entry)) imports.emplace_back(match[2], match[1]);
  }
  return imports;
}

TEST(ReleaseBinary, NeedsOnlyGlibcAndLibgcc) {
  CommandResult dump = run(fmt::format("objdump -p '{}'", kRelease.string()));
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  const std::set<std::string> allowed = {"libc.so.6",     "libm.so.6",
                                         "libdl.so.2",    "libpthread.so.0",
                                         "libgcc_s.so.1", "ld-linux-x86-64.so.2"};
  std::regex needed(R"(NEEDED\s+(\S+))");
  std::istringstream lines(dump.out);
  int count = 0;
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (!std::regex_search(line, match, needed)) continue;
    ++count;
    EXPECT_TRUE(allowed.count(match[1])) << match[1] << " is linked dynamically; the release "
                                         << "binary may need glibc and libgcc_s only";
  }
  EXPECT_GE(count, 2);
  CommandResult version = run(fmt::format("'{}' --version", kRelease.string()));
  EXPECT_EQ(version.out, "sleet " + project_version() + "\n");
}

// Linked against Debian 11's glibc (scripts/release), nothing newer than 2.31 is possible: the
// linker refuses it. The normal build tree links against this machine's glibc (2.36), so there
// the check is by name: each symbol newer than 2.31 must be one that the 2.31 link resolves
// (moved into libc by 2.32-2.34 but older, or given by cmake/release/glibc_compat.c). A new
// one fails here before it fails scripts/release.
TEST(ReleaseBinary, AsksForNoGlibcNewerThanTheOldestSupported) {
  auto imports = glibc_imports(kRelease);
  ASSERT_FALSE(imports.empty());
  if (!kSysroot.empty()) {
    for (const auto& [symbol, version] : imports)
      EXPECT_LE(glibc_minor(version), 31) << symbol << "@" << version;
    return;
  }
  const std::set<std::string> resolved_by_glibc_2_31 = {
      // Older, in libpthread, libdl or libc_nonshared.a before glibc 2.34 or 2.33.
      "__libc_start_main", "dladdr", "dlclose", "dlerror", "dlopen", "dlsym", "fstat", "fstat64",
      "lstat", "stat", "pthread_cond_clockwait", "pthread_create", "pthread_detach",
      "pthread_getspecific", "pthread_join", "pthread_key_create", "pthread_key_delete",
      "pthread_kill", "pthread_once", "pthread_rwlock_destroy", "pthread_rwlock_init",
      "pthread_rwlock_rdlock", "pthread_rwlock_unlock", "pthread_rwlock_wrlock",
      "pthread_setspecific", "pthread_sigmask",
      // cmake/release/glibc_compat.c.
      "__libc_single_threaded", "close_range", "arc4random"};
  for (const auto& [symbol, version] : imports) {
    if (glibc_minor(version) <= 31) continue;
    EXPECT_TRUE(resolved_by_glibc_2_31.count(symbol))
        << symbol << "@" << version << " is new since glibc 2.31: run scripts/release, whose link "
        << "against glibc 2.31 says whether it exists there; if not, avoid it or add a fallback "
        << "to cmake/release/glibc_compat.c, then list it here";
  }
}

TEST(ReleaseBinary, RunsInsideTheOldestSupportedRoot) {
  if (kSysroot.empty() || geteuid() != 0)
    GTEST_SKIP() << "needs the Debian 11 root of scripts/release and root for chroot";
  fs::path trial = fs::path(kSysroot) / "tmp" / fmt::format("sleet-test-{}", getpid());
  fs::create_directories(trial / "project/schema");
  fs::copy_file(kRelease, trial / "sleet");
  std::ofstream(trial / "project/sleet.toml") << "schema = \"schema/*.sql\"\nout = \"drizzle\"\n";
  std::ofstream(trial / "project/schema/schema.sql")
      << "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n";
  std::string inside = "/tmp/" + trial.filename().string();
  CommandResult result =
      run(fmt::format("\"$(command -v chroot)\" '{}' /bin/sh -c 'ldd --version | head -1 && cd "
                      "{}/project && ../sleet generate "
                      "--name init && ../sleet check'",
                      kSysroot, inside));
  fs::remove_all(trial);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "2.31")) << result.out;
  EXPECT_TRUE(contains(result.out, "wrote drizzle/0000_init.sql")) << result.out;
}

// The npm packages, packed from npm/ around the release binary and installed from the two
// tarballs into a fresh Node project, without the registry.
class NpmPackage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_ = new TemporaryDirectory();
    fs::path dist = directory_->path() / "dist";
    pack_ =
        new CommandResult(run(fmt::format("'{}/scripts/npm-pack' '{}' '{}'", source_dir().string(),
                                          kRelease.string(), dist.string())));
    std::string version = project_version();
    fs::create_directories(project());
    std::ofstream(project() / "package.json") << R"({"name": "app", "private": true})"
                                              << "\n";
    // --offline: the platform package must come from its tarball, never from the registry.
    install_ =
        new CommandResult(run(fmt::format("npm install --offline --no-audit --no-fund --save-dev "
                                          "'{0}/sleet-linux-x64-{1}.tgz' '{0}/sleet-{1}.tgz'",
                                          dist.string(), version),
                              project()));
  }
  static void TearDownTestSuite() {
    delete install_;
    delete pack_;
    delete directory_;
  }
  static fs::path project() { return directory_->path() / "app"; }
  static fs::path dist() { return directory_->path() / "dist"; }

  static TemporaryDirectory* directory_;
  static CommandResult* pack_;
  static CommandResult* install_;
};
TemporaryDirectory* NpmPackage::directory_ = nullptr;
CommandResult* NpmPackage::pack_ = nullptr;
CommandResult* NpmPackage::install_ = nullptr;

TEST_F(NpmPackage, PacksBothPackagesWithTheProjectVersion) {
  ASSERT_EQ(pack_->exit_code, 0) << pack_->out << pack_->err;
  std::string version = project_version();
  CommandResult platform = run(fmt::format("tar tzvf sleet-linux-x64-{0}.tgz && tar xzOf "
                                           "sleet-linux-x64-{0}.tgz package/package.json",
                                           version),
                               dist());
  ASSERT_EQ(platform.exit_code, 0) << platform.err;
  EXPECT_TRUE(std::regex_search(platform.out, std::regex(R"(-rwxr-xr-x .* package/bin/sleet)")))
      << platform.out;
  EXPECT_TRUE(contains(platform.out, R"("name": "@sleet/linux-x64")")) << platform.out;
  EXPECT_TRUE(contains(platform.out, fmt::format(R"("version": "{}")", version))) << platform.out;
  EXPECT_TRUE(std::regex_search(platform.out, std::regex(R"("os": \[\s*"linux"\s*\])")));
  EXPECT_TRUE(std::regex_search(platform.out, std::regex(R"("cpu": \[\s*"x64"\s*\])")));
  CommandResult launcher = run(
      fmt::format("tar tzvf sleet-{0}.tgz && tar xzOf sleet-{0}.tgz package/package.json", version),
      dist());
  ASSERT_EQ(launcher.exit_code, 0) << launcher.err;
  EXPECT_TRUE(std::regex_search(launcher.out, std::regex(R"(-rwxr-xr-x .* package/bin/sleet)")));
  EXPECT_TRUE(contains(launcher.out, fmt::format(R"("@sleet/linux-x64": "{}")", version)))
      << launcher.out;
  EXPECT_FALSE(contains(launcher.out, "\"dependencies\"")) << "the launcher has no dependencies";
}

TEST_F(NpmPackage, NpxRunsTheBinaryOfThePlatformPackage) {
  ASSERT_EQ(install_->exit_code, 0) << install_->out << install_->err;
  CommandResult version = run("npx --no-install sleet --version", project());
  EXPECT_EQ(version.exit_code, 0) << version.err;
  EXPECT_EQ(version.out, "sleet " + project_version() + "\n");
  // Exit codes pass through the launcher.
  CommandResult usage = run("npx --no-install sleet no-such-command", project());
  EXPECT_EQ(usage.exit_code, 2) << usage.out << usage.err;
}

TEST_F(NpmPackage, GeneratesFromATypeScriptSchema) {
  ASSERT_EQ(install_->exit_code, 0) << install_->out << install_->err;
  // drizzle-kit and drizzle-orm from the fixture's lock file, linked beside sleet.
  fs::path fixture = source_dir() / "tests/fixtures/drizzle";
  CommandResult kit = run(fmt::format("'{}/kit.sh' '{}' schema.ts --version", fixture.string(),
                                      (directory_->path() / "kit").string()));
  ASSERT_EQ(kit.exit_code, 0) << kit.out << kit.err;
  for (const char* package : {"drizzle-kit", "drizzle-orm"})
    fs::create_directory_symlink(fixture / "node_modules" / package,
                                 project() / "node_modules" / package);
  fs::create_directories(project() / "src/db");
  for (const auto& file : fs::directory_iterator(source_dir() / "tests/typescript/project/schema"))
    fs::copy_file(file.path(), project() / "src/db" / file.path().filename());
  std::ofstream(project() / "sleet.toml") << "schema = \"src/db/*.ts\"\nout = \"drizzle\"\n";

  CommandResult generated = run("npx --no-install sleet generate --name init", project());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  EXPECT_TRUE(contains(generated.out, "wrote drizzle/0000_init.sql")) << generated.out;
  EXPECT_TRUE(contains(read_file(project() / "drizzle/0000_init.sql"), "CREATE TABLE"));
  EXPECT_TRUE(fs::exists(project() / "drizzle/meta/_journal.json"));
  CommandResult again = run("npx --no-install sleet generate", project());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(contains(again.out, "No schema changes")) << again.out;
}

TEST_F(NpmPackage, LauncherSaysWhatIsMissing) {
  ASSERT_EQ(install_->exit_code, 0) << install_->out << install_->err;
  fs::path launcher = project() / "node_modules/sleet/bin/sleet";
  fs::path platform = project() / "node_modules/@sleet/linux-x64";

  // Another platform: no package for it.
  std::ofstream(directory_->path() / "darwin.js")
      << "Object.defineProperty(process, 'platform', { value: 'darwin' });\n"
         "Object.defineProperty(process, 'arch', { value: 'arm64' });\n";
  CommandResult other =
      run(fmt::format("node -r '{}' '{}' --version", (directory_->path() / "darwin.js").string(),
                      launcher.string()));
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_TRUE(contains(other.err, "no sleet binary for darwin-arm64")) << other.err;
  EXPECT_TRUE(contains(other.err, "linux-x64")) << other.err;

  // The platform package left out (npm i --omit=optional).
  fs::rename(platform, directory_->path() / "moved");
  CommandResult missing = run("npx --no-install sleet --version", project());
  fs::rename(directory_->path() / "moved", platform);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(contains(missing.err, "@sleet/linux-x64")) << missing.err;
  EXPECT_TRUE(contains(missing.err, "--omit=optional")) << missing.err;

  // Versions that disagree.
  fs::path manifest = platform / "package.json";
  std::string original = read_file(manifest);
  std::ofstream(manifest) << std::regex_replace(original, std::regex(R"("version": "[^"]+")"),
                                                R"("version": "9.9.9")");
  CommandResult mismatch = run("npx --no-install sleet --version", project());
  std::ofstream(manifest) << original;
  EXPECT_EQ(mismatch.exit_code, 1);
  EXPECT_TRUE(contains(mismatch.err, "9.9.9")) << mismatch.err;

  // SLEET_BINARY runs another binary.
  CommandResult overridden = run("SLEET_BINARY=/bin/echo npx --no-install sleet hello", project());
  EXPECT_EQ(overridden.out, "hello\n") << overridden.err;
}

// deploy/sleet.Dockerfile and deploy/Dockerfile replayed without Docker: the sleet image from
// the release binary, then the migration image with its config and migration folder named by
// build arguments, on a root holding only what debian:bookworm-slim would give the binary
// (this Debian 12 machine's glibc, libgcc_s and /bin/sh). The container's command runs in
// that root (chroot) against the test server.
TEST(ContainerLayout, MigrationImageTakesConfigAndMigrationsFromBuildArguments) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root for chroot";
  TemporaryDirectory work;
  fs::create_directories(work.path() / "context/dist");
  fs::copy_file(kRelease, work.path() / "context/dist/sleet-linux-x64");
  sleet::testing::ReplayOptions sleet_image;
  sleet_image.context = work.path() / "context";
  sleet_image.output = work.path() / "sleet-image";
  auto built =
      sleet::testing::replay_dockerfile(source_dir() / "deploy/sleet.Dockerfile", sleet_image);
  ASSERT_TRUE(fs::exists(built.root / "usr/local/bin/sleet"));

  sleet::testing::ReplayOptions migrate_image;
  migrate_image.context = source_dir();
  migrate_image.build_args = {{"SLEET_CONFIG", "examples/chat/sleet.toml"},
                              {"MIGRATIONS", "examples/chat/migrations"}};
  migrate_image.images = {{"sleet", built.root}};
  migrate_image.output = work.path() / "migrate-image";
  auto image = sleet::testing::replay_dockerfile(source_dir() / "deploy/Dockerfile", migrate_image);
  fs::path root = image.root;
  EXPECT_TRUE(fs::exists(root / "usr/local/bin/sleet"));
  EXPECT_TRUE(fs::exists(root / "app/examples/chat/sleet.toml"));
  EXPECT_TRUE(fs::exists(root / "app/examples/chat/migrations/auth/meta/_journal.json"));
  EXPECT_FALSE(fs::exists(root / "app/examples/chat/services")) << "schema files are not copied";
  // The default tag of the sleet image is this version.
  EXPECT_TRUE(contains(read_file(source_dir() / "deploy/Dockerfile"),
                       "ARG SLEET_IMAGE=sleet:" + project_version()));

  // What debian:bookworm-slim gives the binary and the entrypoint's shell.
  CommandResult libraries =
      run(fmt::format("ldd '{}' /bin/sh | grep -o '/[^ ]*' | sort -u", kRelease.string()));
  std::istringstream paths(libraries.out + "/bin/sh\n");
  for (std::string path; std::getline(paths, path);) {
    if (path.empty() || path.ends_with(":")) continue;
    fs::path target = root / fs::path(path).relative_path();
    fs::create_directories(target.parent_path());
    fs::copy_file(fs::canonical(path), target, fs::copy_options::overwrite_existing);
    fs::permissions(target, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec);
  }
  fs::create_directories(root / "tmp");

  ASSERT_FALSE(image.entrypoint.empty());
  std::string command;
  for (const auto& word : image.entrypoint)
    command += " '" + std::regex_replace(word, std::regex("'"), "'\\''") + "'";
  for (const auto& word : image.command) command += " '" + word + "'";
  std::string environment;
  for (const auto& [name, value] : image.environment)
    environment += fmt::format(" {}='{}'", name, value);
  CommandResult up =
      run(fmt::format("env -i PATH=/usr/local/bin:/usr/bin:/bin{} DATABASE_URL='{}' "
                      "\"$(command -v chroot)\" '{}' /bin/sh -c 'cd {} && exec \"$@\"' sh{}",
                      environment, test_cluster().url(), root.string(), image.workdir, command));
  EXPECT_EQ(up.exit_code, 0) << up.out << up.err;
  EXPECT_TRUE(contains(up.out + up.err, "2 targets: 2 ok")) << up.out << up.err;
  auto tables =
      test_cluster().execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'auth'", "auth_db");
  EXPECT_NE(std::string(tables.value(0, 0)), "0");
}

}  // namespace
