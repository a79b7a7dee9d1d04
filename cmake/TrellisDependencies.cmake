# Third-party libraries, all from Debian 12 packages (scripts/setup.sh installs them).
find_package(fmt REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(mimalloc QUIET)
find_package(nlohmann_json QUIET)
find_package(CLI11 QUIET)

pkg_check_modules(GMP REQUIRED IMPORTED_TARGET gmp)
pkg_check_modules(GMPXX REQUIRED IMPORTED_TARGET gmpxx)
pkg_check_modules(CRYPTOPP REQUIRED IMPORTED_TARGET libcrypto++)
pkg_check_modules(SECP256K1 REQUIRED IMPORTED_TARGET libsecp256k1)
# libedit (scripts/setup.sh installs libedit-dev, which brings libedit.so.2) is not linked: core::LineReader
# dlopen()s it when a REPL starts on a terminal.

if(NOT nlohmann_json_FOUND)
  message(FATAL_ERROR "nlohmann-json3-dev is missing: run scripts/setup.sh")
endif()
if(NOT CLI11_FOUND)
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  target_include_directories(CLI11::CLI11 INTERFACE "${CLI11_INCLUDE_DIR}")
endif()
