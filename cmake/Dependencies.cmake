# Every third-party library comes from a Debian 12 package (see scripts/install-deps.sh).
find_package(PkgConfig REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(SQLiteCpp REQUIRED)
find_package(Catch2 2.13 REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
include(Catch)
