# The release binary: target `sleet_release`, written to <build>/release/sleet and built only
# when asked (scripts/release). It links the very objects the normal build compiled (every
# module's object library and the command line's), so it costs one link, not a second build,
# and ships the code the test suite ran. What differs is the link:
#
# - static: libpg_query.a (with its protobuf-c runtime), libpq.a with libpgcommon_shlib.a and
#   libpgport_shlib.a (Debian's postgresql-server-dev-15), libssl.a and libcrypto.a, and
#   libstdc++ (-static-libstdc++);
# - fmt and toml++, which Debian ships as shared libraries only, from one translation unit each
#   (cmake/release/*_implementation.cpp) compiled from their headers;
# - cpp-httplib (the studio), which Debian ships as a shared library only, from the
#   implementation half of its Debian source package (scripts/release-sources, which checks
#   that the other half is the installed header), with static zlib and brotli;
# - libpq's Kerberos and LDAP calls answered by cmake/release/libpq_without_gssapi_ldap.c
#   (Debian ships neither as a static archive);
# - dynamic: glibc (libc, libm, libpthread, libdl, ld-linux) and libgcc_s. GCC 12's static
#   unwinder (libgcc_eh.a) calls _dl_find_object, which only glibc 2.35+ has; the system's
#   libgcc_s.so.1 (present wherever glibc is) matches the system's glibc.
#
# SLEET_RELEASE_SYSROOT, when set, is a root file system whose glibc the binary is linked
# against (scripts/release makes a Debian 11 one: glibc 2.31). The linker then refuses any
# symbol that glibc lacks, so the binary runs on that glibc and every later one. Without it
# the binary needs the build machine's glibc (2.34+ on Debian 12: __libc_start_main@GLIBC_2.34).

set(sleet_release_sysroot_help
  "Root file system with the oldest glibc the release binary must run on (empty: this machine's)")
set(SLEET_RELEASE_SYSROOT "" CACHE PATH "${sleet_release_sysroot_help}")
set(SLEET_POSTGRES_STATIC_DIR "/usr/lib/postgresql/15/lib" CACHE PATH
  "Folder of libpgcommon_shlib.a and libpgport_shlib.a (postgresql-server-dev-15)")

if(SLEET_RELEASE_SYSROOT AND NOT EXISTS ${SLEET_RELEASE_SYSROOT}/usr/lib/x86_64-linux-gnu/libc.so)
  message(WARNING "SLEET_RELEASE_SYSROOT=${SLEET_RELEASE_SYSROOT} holds no glibc (removed?): "
    "the release binary links against this machine's glibc; scripts/release makes the root again")
  set(SLEET_RELEASE_SYSROOT "" CACHE PATH "${sleet_release_sysroot_help}" FORCE)
endif()

find_library(SLEET_STATIC_PG_QUERY NAMES libpg_query.a)
find_library(SLEET_STATIC_PQ NAMES libpq.a)
find_library(SLEET_STATIC_PGCOMMON NAMES libpgcommon_shlib.a HINTS ${SLEET_POSTGRES_STATIC_DIR}
  NO_DEFAULT_PATH)
find_library(SLEET_STATIC_PGPORT NAMES libpgport_shlib.a HINTS ${SLEET_POSTGRES_STATIC_DIR}
  NO_DEFAULT_PATH)
find_library(SLEET_STATIC_SSL NAMES libssl.a)
find_library(SLEET_STATIC_CRYPTO NAMES libcrypto.a)
find_library(SLEET_STATIC_Z NAMES libz.a)
find_library(SLEET_STATIC_BROTLIENC NAMES libbrotlienc.a)
find_library(SLEET_STATIC_BROTLIDEC NAMES libbrotlidec.a)
find_library(SLEET_STATIC_BROTLICOMMON NAMES libbrotlicommon.a)
set(SLEET_HTTPLIB_IMPLEMENTATION ${PROJECT_SOURCE_DIR}/build-release/cpp-httplib/httplib.cc
  CACHE FILEPATH "cpp-httplib's implementation half (scripts/release-sources writes it)")
if(EXISTS ${SLEET_HTTPLIB_IMPLEMENTATION})
  set(SLEET_HTTPLIB_SOURCE ${SLEET_HTTPLIB_IMPLEMENTATION})
else()
  set(SLEET_HTTPLIB_SOURCE "")
endif()

set(sleet_release_missing "")
foreach(library SLEET_STATIC_PG_QUERY SLEET_STATIC_PQ SLEET_STATIC_PGCOMMON SLEET_STATIC_PGPORT
        SLEET_STATIC_SSL SLEET_STATIC_CRYPTO SLEET_STATIC_Z SLEET_STATIC_BROTLIENC
        SLEET_STATIC_BROTLIDEC SLEET_STATIC_BROTLICOMMON SLEET_HTTPLIB_SOURCE)
  if(NOT ${library})
    list(APPEND sleet_release_missing ${library})
  endif()
endforeach()

if(sleet_release_missing)
  # The normal build never needs these; say what is missing only when the release is asked for.
  add_custom_target(sleet_release
    COMMAND ${CMAKE_COMMAND} -E echo
      "sleet_release: not found: ${sleet_release_missing} (scripts/setup installs and fetches them)"
    COMMAND ${CMAKE_COMMAND} -E false)
  return()
endif()

add_executable(sleet_release EXCLUDE_FROM_ALL
  cmake/release/fmt_implementation.cpp
  cmake/release/toml_implementation.cpp
  cmake/release/libpq_without_gssapi_ldap.c
  ${SLEET_HTTPLIB_SOURCE})
# Compiled with the definitions the installed header was built with, as sleet's objects were.
get_target_property(sleet_release_httplib_options PkgConfig::HTTPLIB INTERFACE_COMPILE_OPTIONS)
get_target_property(sleet_release_httplib_includes PkgConfig::HTTPLIB INTERFACE_INCLUDE_DIRECTORIES)
foreach(value sleet_release_httplib_options sleet_release_httplib_includes)
  if(NOT ${value})
    set(${value} "")
  endif()
endforeach()
set_source_files_properties(${SLEET_HTTPLIB_SOURCE} PROPERTIES
  COMPILE_OPTIONS "${sleet_release_httplib_options}"
  INCLUDE_DIRECTORIES "${sleet_release_httplib_includes}")
foreach(module ${SLEET_MODULES})
  target_sources(sleet_release PRIVATE $<TARGET_OBJECTS:sleet_${module}>)
endforeach()
target_sources(sleet_release PRIVATE $<TARGET_OBJECTS:sleet_cli>)
if(SLEET_RELEASE_SYSROOT)
  target_sources(sleet_release PRIVATE cmake/release/glibc_compat.c)
  # --sysroot alone is not enough: GCC searches its own installation's library folders (this
  # machine's glibc) before the sysroot's. -B and -L put the sysroot's start files and glibc
  # libraries first; GCC's own files (crtbegin.o, libstdc++.a, libgcc.a) still come from GCC.
  set(sleet_release_multiarch ${SLEET_RELEASE_SYSROOT}/usr/lib/x86_64-linux-gnu)
  target_link_options(sleet_release PRIVATE --sysroot=${SLEET_RELEASE_SYSROOT}
    -B${sleet_release_multiarch}/ -L${sleet_release_multiarch}
    -L${SLEET_RELEASE_SYSROOT}/lib/x86_64-linux-gnu)
endif()
set_target_properties(sleet_release PROPERTIES OUTPUT_NAME sleet
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/release)
# The implementation units compile with the same fmt and toml++ settings as sleet's objects.
get_target_property(sleet_release_fmt_definitions fmt::fmt INTERFACE_COMPILE_DEFINITIONS)
get_target_property(sleet_release_fmt_includes fmt::fmt INTERFACE_INCLUDE_DIRECTORIES)
get_target_property(sleet_release_toml_options tomlplusplus::tomlplusplus INTERFACE_COMPILE_OPTIONS)
get_target_property(sleet_release_toml_includes tomlplusplus::tomlplusplus
  INTERFACE_INCLUDE_DIRECTORIES)
foreach(value sleet_release_fmt_definitions sleet_release_fmt_includes sleet_release_toml_options
        sleet_release_toml_includes)
  if(NOT ${value})
    set(${value} "")
  endif()
endforeach()
target_compile_definitions(sleet_release PRIVATE ${sleet_release_fmt_definitions})
target_compile_options(sleet_release PRIVATE ${sleet_release_toml_options})
target_include_directories(sleet_release PRIVATE ${sleet_release_fmt_includes}
  ${sleet_release_toml_includes})
target_compile_features(sleet_release PRIVATE cxx_std_20)
# Order matters for static archives: each after the archives that call it. libpg_query.a
# carries its own copies of PostgreSQL's src/common and src/port files (encodings, string
# helpers); libpq's archives come first so that their copies, which libpq needs whole, are the
# ones linked, and libpg_query finds the functions it shares with them already there.
target_link_libraries(sleet_release PRIVATE
  ${SLEET_STATIC_PQ} ${SLEET_STATIC_PGCOMMON} ${SLEET_STATIC_PGPORT} ${SLEET_STATIC_PG_QUERY}
  ${SLEET_STATIC_SSL} ${SLEET_STATIC_CRYPTO} ${SLEET_STATIC_BROTLIENC} ${SLEET_STATIC_BROTLIDEC}
  ${SLEET_STATIC_BROTLICOMMON} ${SLEET_STATIC_Z} -ldl -lpthread -lm)
target_link_options(sleet_release PRIVATE -static-libstdc++)
